using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Rag.Uploads;

namespace App.Rag.Apis;

/// <summary>
/// A document and where its ingestion stands: one state per step, and the failed step with its reason.
/// <c>EmbeddingModel</c> is the name and version of the model its vectors come from.
/// </summary>
public sealed record DocumentResponse(
    Guid Id,
    Guid CollectionId,
    string FileName,
    string? Title,
    string Format,
    long SizeBytes,
    string ContentHash,
    IReadOnlyList<string> Tags,
    string Status,
    IReadOnlyList<StepState> Steps,
    string? FailedStep,
    string? FailureReason,
    int ChunkCount,
    string? EmbeddingModel,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DocumentResponse From(Document d) => new(
        d.Id, d.CollectionId, d.FileName, d.Title, d.Format.ToString().ToLowerInvariant(), d.SizeBytes, d.ContentHash,
        DocumentTags.Split(d.Tags), d.Status.ToString().ToLowerInvariant(),
        [
            Step(d, IngestionSteps.Extract, d.ExtractedAt),
            Step(d, IngestionSteps.Chunk, d.ChunkedAt),
            Step(d, IngestionSteps.Embed, d.EmbeddedAt, skipped: d.EmbeddedAt is not null && d.EmbeddingModel is null),
            Step(d, IngestionSteps.Index, d.IndexedAt),
        ],
        d.FailedStep, d.FailureReason, d.ChunkCount, d.EmbeddingModel, d.Attempts, d.CreatedAt, d.UpdatedAt);

    private static StepState Step(Document d, string name, DateTimeOffset? at, bool skipped = false) =>
        new(name, at is not null ? (skipped ? StepStates.Skipped : StepStates.Done) : d.FailedStep == name ? StepStates.Failed : StepStates.Pending, at);
}

/// <param name="State">pending, done, skipped (embed without an embedding model) or failed.</param>
public sealed record StepState(string Name, string State, DateTimeOffset? At);

public static class StepStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}
