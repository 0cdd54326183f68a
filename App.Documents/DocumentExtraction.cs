namespace App.Documents;

/// <summary>Routes a stored file to the extractor of the format sniffed at upload.</summary>
public sealed class DocumentExtraction(IEnumerable<IDocumentExtractor> extractors)
{
    private readonly Dictionary<SourceFormat, IDocumentExtractor> _extractors = extractors.ToDictionary(e => e.Format);

    public Task<ExtractedDocument> ExtractAsync(SourceFormat format, Stream content, string fileName, CancellationToken cancellationToken) =>
        _extractors.TryGetValue(format, out var extractor)
            ? extractor.ExtractAsync(content, fileName, cancellationToken)
            : throw new ExtractionException($"No extractor handles {format}.");
}
