namespace App.KnowledgeBase.Ingestion;

/// <summary>The payload of a "document-ingestion" job: the tenant travels with it so the worker's queries are scoped too.</summary>
public sealed record IngestionRequest(Guid TenantId, Guid DocumentId)
{
    public const string JobKind = "document-ingestion";
}
