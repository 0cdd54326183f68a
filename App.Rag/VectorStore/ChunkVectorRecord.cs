namespace App.Rag.VectorStore;

/// <summary>
/// A chunk as a Microsoft.Extensions.VectorData record: what the collections behind <see cref="ChunkCollection"/> store
/// and return. The tenant, collection and document ids are the filterable fields; the vector's length is the embedding
/// model's, fixed per collection when it is created (the implementations here are hand-written and take it as an
/// argument, so the record carries no VectorData attributes for a model builder to read).
/// </summary>
public sealed class ChunkVectorRecord
{
    public Guid Key { get; set; }

    public Guid TenantId { get; set; }

    public Guid CollectionId { get; set; }

    public Guid DocumentId { get; set; }

    public int Page { get; set; }

    /// <summary>Start and end offsets of <see cref="Text"/> in the document's extracted text.</summary>
    public int Start { get; set; }

    public int End { get; set; }

    public string Text { get; set; } = string.Empty;

    /// <summary>Null on reads without <c>IncludeVectors</c>.</summary>
    public ReadOnlyMemory<float>? Vector { get; set; }

    public ChunkVectorRecord WithoutVector() => new()
    {
        Key = Key, TenantId = TenantId, CollectionId = CollectionId, DocumentId = DocumentId, Page = Page, Start = Start, End = End, Text = Text,
    };
}
