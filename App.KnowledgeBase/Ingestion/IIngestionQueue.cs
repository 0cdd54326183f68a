namespace App.KnowledgeBase.Ingestion;

/// <summary>
/// Where uploads hand their document to ingestion: <see cref="JobIngestionQueue"/> enqueues a durable
/// <see cref="IngestionRequest.JobKind"/> job that <see cref="IngestionJobRunner"/> claims.
/// </summary>
public interface IIngestionQueue
{
    /// <summary>Joins the request's open <c>RagDbContext</c> transaction, so the document and its job commit together.</summary>
    Task EnqueueAsync(IngestionRequest request, CancellationToken cancellationToken);
}
