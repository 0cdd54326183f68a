namespace App.Rag.Data;

public enum IngestionStatus
{
    Queued,
    Running,
    Ready,
    Failed,
}
