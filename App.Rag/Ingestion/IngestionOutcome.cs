namespace App.Rag.Ingestion;

public enum IngestionOutcome
{
    /// <summary>All steps done (now or before).</summary>
    Ready,

    /// <summary>The document cannot be ingested (a corrupt file, no text); retrying will not change that.</summary>
    Failed,

    /// <summary>The document was deleted before or while it was ingested.</summary>
    Gone,
}
