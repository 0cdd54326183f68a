namespace App.Documents;

public sealed class PlainTextExtractor : IDocumentExtractor
{
    public SourceFormat Format => SourceFormat.Text;

    public async Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var text = await TextDecoding.ReadUtf8Async(content, cancellationToken);
        var builder = new TextBuilder();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n"))
        {
            builder.AppendBlock(paragraph);
        }

        return builder.Build(title: null, fileName);
    }
}
