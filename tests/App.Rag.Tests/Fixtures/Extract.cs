using App.Documents;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests.Fixtures;

/// <summary>The production extractors, configured as the service configures them.</summary>
public static class Extract
{
    public static readonly DocumentExtraction Extraction = new(
    [
        new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new DocxExtractor(),
        new PdfExtractor(Options.Create(new ExtractionOptions())),
    ]);

    public static Task<ExtractedDocument> RunAsync(SourceFormat format, byte[] content, string fileName = "file") =>
        Extraction.ExtractAsync(format, new MemoryStream(content), fileName, CancellationToken.None);

    public static Task<ExtractedDocument> RunAsync(SourceFormat format, string content, string fileName = "file") =>
        RunAsync(format, System.Text.Encoding.UTF8.GetBytes(content), fileName);
}
