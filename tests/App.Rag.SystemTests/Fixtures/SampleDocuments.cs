using System.Text;
using App.Rag.Tests.Fixtures;

namespace App.Rag.SystemTests.Fixtures;

/// <summary>One document per format, each with a passage no other one contains, so a search can only match its own.</summary>
public static class SampleDocuments
{
    public const string Markdown = """
        # Employee handbook

        ## Leave

        Every employee has 25 days of paid leave per year. Unused leave expires at the end of March.

        ## Equipment

        New employees receive a laptop on their first day. Laptops are replaced every three years.
        """;

    public const string Html = """
        <html><head><title>Travel policy</title><script>var tracking = "ignore me";</script></head>
        <body><nav>Home | Policies</nav>
        <h1>Travel policy</h1>
        <p>Train travel is preferred for journeys under four hours. Flights need a manager's approval.</p>
        </body></html>
        """;

    public static byte[] MarkdownBytes => Encoding.UTF8.GetBytes(Markdown);

    public static byte[] HtmlBytes => Encoding.UTF8.GetBytes(Html);

    public static byte[] Docx() => TestDocx.Build(
        ("Heading1", "Sourdough guide"),
        (null, "Feed the starter with rye flour twice a day."),
        ("Heading2", "Baking"),
        (null, "Bake the loaf in a Dutch oven at 250 degrees for twenty minutes."));

    /// <summary>Two pages; the factory passage is on page 2.</summary>
    public static byte[] Pdf() => TestPdf.Build(
        ["Annual report 2025", "Revenue grew in every region.", "Costs stayed flat."],
        ["Outlook", "The board expects the new factory in Lyon to open in March.", "Hiring will continue."]);

    public static byte[] CorruptPdf() => TestPdf.Corrupt();
}
