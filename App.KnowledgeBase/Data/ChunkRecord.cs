namespace App.KnowledgeBase.Data;

public sealed class ChunkRecord
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CollectionId { get; set; }
    public Guid DocumentId { get; set; }
    public int Ordinal { get; set; }
    public int StartOffset { get; set; }
    public int EndOffset { get; set; }
    public int Page { get; set; }
    public required string HeadingPath { get; set; }
    public required string Text { get; set; }

    /// <summary>float32 little-endian; null until the embed step (or always, without an embedding model).</summary>
    public byte[]? Embedding { get; set; }
}
