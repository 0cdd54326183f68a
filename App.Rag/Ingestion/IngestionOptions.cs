namespace App.Rag.Ingestion;

/// <summary>Bound from "Rag:Ingestion".</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Rag:Ingestion";

    /// <summary>Uploads larger than this are refused with 413.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Chunks per embeddings request (and per saved batch, so a retried step resumes where it stopped).</summary>
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>Documents ingested at once by the in-process queue.</summary>
    public int Concurrency { get; set; } = 1;
}
