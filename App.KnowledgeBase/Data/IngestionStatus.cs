namespace App.KnowledgeBase.Data;

public enum IngestionStatus
{
    Queued,
    Running,
    Ready,
    Failed,

    /// <summary>Its ingestion job was canceled before it finished.</summary>
    Canceled,
}
