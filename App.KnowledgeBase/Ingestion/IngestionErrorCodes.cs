namespace App.KnowledgeBase.Ingestion;

/// <summary>Error codes ingestion jobs end with; the document itself carries the failed step and the reason.</summary>
public static class IngestionErrorCodes
{
    /// <summary>The file cannot be ingested (corrupt, no text); retrying would not change that.</summary>
    public const string DocumentFailed = "document_failed";

    /// <summary>An unexpected error (database, embeddings endpoint); retried while attempts remain.</summary>
    public const string IngestionError = "ingestion_error";

    /// <summary>The job's input is not an ingestion request for the job's own tenant.</summary>
    public const string InvalidInput = "invalid_input";
}
