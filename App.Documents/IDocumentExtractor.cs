namespace App.Documents;

public interface IDocumentExtractor
{
    SourceFormat Format { get; }

    Task<ExtractedDocument> ExtractAsync(Stream content, string fileName, CancellationToken cancellationToken);
}
