using App.Documents;

namespace App.KnowledgeBase.Data;

/// <summary>
/// An uploaded file and its ingestion record: each step stamps its time when its result is stored, so a rerun
/// (a retried job, a restarted worker) resumes after the last finished step.
/// </summary>
public sealed class Document
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CollectionId { get; set; }
    public required string FileName { get; set; }
    public string? Title { get; set; }
    public SourceFormat Format { get; set; }
    public required string ContentHash { get; set; }
    public long SizeBytes { get; set; }
    public required string BlobKey { get; set; }

    /// <summary>See <see cref="DocumentTags"/>.</summary>
    public string Tags { get; set; } = string.Empty;

    public IngestionStatus Status { get; set; }
    public DateTimeOffset? ExtractedAt { get; set; }
    public DateTimeOffset? ChunkedAt { get; set; }
    public DateTimeOffset? EmbeddedAt { get; set; }

    /// <summary>The embedding model the vectors came from; null with <see cref="EmbeddedAt"/> set means the step was skipped.</summary>
    public string? EmbeddingModel { get; set; }

    public DateTimeOffset? IndexedAt { get; set; }
    public string? FailedStep { get; set; }
    public string? FailureReason { get; set; }
    public int Attempts { get; set; }
    public int ChunkCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
