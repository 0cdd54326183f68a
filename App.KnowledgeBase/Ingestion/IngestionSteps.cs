namespace App.KnowledgeBase.Ingestion;

/// <summary>The pipeline's steps, in order; names appear in the API's state and as the failed step.</summary>
public static class IngestionSteps
{
    public const string Extract = "extract";
    public const string Chunk = "chunk";
    public const string Embed = "embed";
    public const string Index = "index";
}
