using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;

namespace App.Worker.Ingestion;

/// <summary>
/// The document becomes ready (searchable) and its collection's index version moves, in one transaction. The indexes
/// live in App.Rag's memory: a newer version makes rag rebuild the collection's index from the database on its next search.
/// </summary>
public sealed class IndexStep(RagDbContext db, TimeProvider time) : IIngestionStep
{
    public string Name => IngestionSteps.Index;

    public bool IsDone(Document document) => document.IndexedAt is not null;

    public async Task RunAsync(Document document, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        document.Status = IngestionStatus.Ready;
        document.IndexedAt = time.GetUtcNow();
        document.FailedStep = null;
        document.FailureReason = null;
        await db.SaveAsync(document, time, cancellationToken);
        await CollectionVersions.BumpAsync(db, document.CollectionId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
