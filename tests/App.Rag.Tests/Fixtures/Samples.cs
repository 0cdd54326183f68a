namespace App.Rag.Tests.Fixtures;

public static class Samples
{
    public static byte[] ReportPdf() => TestPdf.Build(
        ["Annual report 2025", "Revenue grew in every region.", "Costs stayed flat."],
        ["Outlook", "The board expects the new factory in Lyon to open in March.", "Hiring will continue."]);

    public const string HandbookMarkdown = """
        # Employee handbook

        ## Leave

        Every employee has 25 days of paid leave per year. Unused leave expires at the end of March.

        ## Equipment

        New employees receive a laptop on their first day. Laptops are replaced every three years.
        """;
}
