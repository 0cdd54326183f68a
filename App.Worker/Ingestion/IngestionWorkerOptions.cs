namespace App.Worker.Ingestion;

/// <summary>Bound from "Ingestion".</summary>
public sealed class IngestionWorkerOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Chunks per embeddings request (and per saved batch, so a retried step resumes where it stopped).</summary>
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Ingestion jobs this process runs at once.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>How long a claimed job stays ours without a renewal; renewed every third of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
