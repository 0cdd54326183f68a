using App.Documents;
using App.Rag.Tests.Fixtures;

namespace App.Rag.Tests;

public sealed class ExtractionTests
{
    [Fact]
    public async Task Markdown_keeps_headings_and_drops_markup()
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, """
            # Installation guide

            Run the **installer** and follow [the wizard](https://example.test).

            ## Requirements

            - 4 GB of `RAM`
            - a 64-bit CPU
            """);

        Assert.Equal("Installation guide", document.Title);
        Assert.Equal(["Installation guide", "Requirements"], document.Headings.Select(h => h.Text));
        Assert.Equal([1, 2], document.Headings.Select(h => h.Level));
        Assert.Contains("Run the installer and follow the wizard.", document.Text);
        Assert.Contains("- 4 GB of RAM", document.Text);
        Assert.DoesNotContain("**", document.Text);
        Assert.DoesNotContain("https://", document.Text);
        foreach (var heading in document.Headings)
        {
            Assert.Equal(heading.Text, document.Text.Substring(heading.Start, heading.Text.Length));
        }
    }

    [Fact]
    public async Task Html_drops_scripts_styles_and_navigation()
    {
        var document = await Extract.RunAsync(SourceFormat.Html, """
            <!DOCTYPE html><html><head><title>Returns policy</title><style>p { color: red }</style></head>
            <body><nav><a href="/">Home</a> | <a href="/shop">Shop</a></nav>
            <h1>Returns</h1><p>Items can be returned within <b>30 days</b> &amp; refunded.</p>
            <script>var secret = "tracking";</script><h2>Exceptions</h2><ul><li>Gift cards</li><li>Opened software</li></ul>
            </body></html>
            """);

        Assert.Equal("Returns policy", document.Title);
        Assert.Equal(["Returns", "Exceptions"], document.Headings.Select(h => h.Text));
        Assert.Contains("Items can be returned within 30 days & refunded.", document.Text);
        Assert.Contains("Gift cards\n\nOpened software", document.Text);
        Assert.DoesNotContain("tracking", document.Text);
        Assert.DoesNotContain("color", document.Text);
        Assert.DoesNotContain("Shop", document.Text);
    }

    [Fact]
    public async Task Docx_paragraphs_and_headings_come_from_styles()
    {
        var docx = TestDocx.Build(
            ("Heading1", "Employee handbook"),
            (null, "Welcome to the company."),
            ("Heading2", "Holidays"),
            (null, "Every employee has 25 days of paid leave per year."));

        var document = await Extract.RunAsync(SourceFormat.Docx, docx);

        Assert.Equal("Employee handbook", document.Title);
        Assert.Equal([(1, "Employee handbook"), (2, "Holidays")], document.Headings.Select(h => (h.Level, h.Text)));
        Assert.Equal("Employee handbook\n\nWelcome to the company.\n\nHolidays\n\nEvery employee has 25 days of paid leave per year.", document.Text);
    }

    [Fact]
    public async Task Pdf_keeps_page_numbers()
    {
        var pdf = TestPdf.Build(
            ["Quarterly report", "Revenue grew in every region."],
            ["Outlook", "The board expects the new factory in Lyon to open in March."]);

        var document = await Extract.RunAsync(SourceFormat.Pdf, pdf);

        var passage = document.Text.IndexOf("factory in Lyon", StringComparison.Ordinal);
        Assert.True(passage >= 0, document.Text);
        Assert.Equal(2, document.PageAt(passage));
        Assert.Equal(1, document.PageAt(document.Text.IndexOf("Revenue grew", StringComparison.Ordinal)));
        Assert.Equal([1, 2], document.Pages.Select(p => p.Page));
    }

    [Fact]
    public async Task Corrupt_pdf_fails_with_a_reason()
    {
        var error = await Assert.ThrowsAsync<ExtractionException>(() => Extract.RunAsync(SourceFormat.Pdf, TestPdf.Corrupt()));

        Assert.Contains("PDF", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Missing_pdftotext_names_the_debian_package()
    {
        var extractor = new PdfExtractor(Microsoft.Extensions.Options.Options.Create(new ExtractionOptions { PdfToTextPath = "/nonexistent/pdftotext" }));

        var error = await Assert.ThrowsAsync<ExtractionException>(() =>
            extractor.ExtractAsync(new MemoryStream(TestPdf.Build(["x"])), "a.pdf", CancellationToken.None));

        Assert.Contains("poppler-utils", error.Message);
    }

    [Theory]
    [InlineData("application/pdf", "a.pdf", "pdf", SourceFormat.Pdf)]
    [InlineData("application/octet-stream", "a.bin", "pdf", SourceFormat.Pdf)]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx", "docx", SourceFormat.Docx)]
    [InlineData("text/plain", "notes.md", "text", SourceFormat.Markdown)]
    [InlineData("text/markdown", "notes", "text", SourceFormat.Markdown)]
    [InlineData("", "page.html", "html", SourceFormat.Html)]
    [InlineData("application/octet-stream", "page", "html", SourceFormat.Html)]
    [InlineData("text/plain", "a.txt", "text", SourceFormat.Text)]
    public void Sniffing_accepts_content_that_matches(string contentType, string fileName, string content, SourceFormat expected)
    {
        var result = ContentSniffer.Sniff(Sample(content), contentType, fileName);

        Assert.Null(result.Refusal);
        Assert.Equal(expected, result.Format);
    }

    [Theory]
    [InlineData("application/pdf", "a.pdf", "text")]
    [InlineData("application/pdf", "a.pdf", "docx")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a.docx", "zip")]
    [InlineData("text/plain", "a.txt", "pdf")]
    [InlineData("text/html", "a.html", "binary")]
    [InlineData("application/octet-stream", "a.bin", "binary")]
    public void Sniffing_refuses_content_that_contradicts_the_declared_type(string contentType, string fileName, string content)
    {
        var result = ContentSniffer.Sniff(Sample(content), contentType, fileName);

        Assert.NotNull(result.Refusal);
    }

    private static byte[] Sample(string kind) => kind switch
    {
        "pdf" => TestPdf.Build(["hello"]),
        "docx" => TestDocx.Build((null, "hello")),
        "zip" => Zip(),
        "html" => "<!doctype html><html><body><p>hi</p></body></html>"u8.ToArray(),
        "binary" => [0x00, 0xFF, 0xFE, 0x10, 0x80, 0x81],
        _ => "Plain words, ünïcödé included."u8.ToArray(),
    };

    private static byte[] Zip()
    {
        using var stream = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("readme.txt").Open());
            writer.Write("not a word document");
        }

        return stream.ToArray();
    }
}
