using App.AI;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace App.Worker.Ingestion;

/// <summary>
/// After a change of embedding model: every ready document whose vectors come from another model goes back through
/// ingestion. In one transaction per document its vectors are cleared, its embed and index steps un-stamped, the
/// collection's version bumped (indexes drop it) and a job enqueued; extract and chunk stay stamped, so the job only
/// embeds and indexes. Until its job runs the document is out of search, never searched with the wrong model.
/// Run by every worker at start (<see cref="IngestionMaintenanceService"/>): with two replicas starting together, the
/// conditional update decides each document once (the second waits on the row and then finds it no longer ready), so a
/// document another replica already requeued is skipped and never gets two jobs.
/// </summary>
public sealed class StaleEmbeddings(RagDbContext db, IIngestionQueue queue, EmbeddingModel embeddingModel, TimeProvider time)
{
    /// <returns>How many documents this call requeued.</returns>
    public async Task<int> RequeueAsync(CancellationToken cancellationToken)
    {
        var stale = await db.Documents.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == IngestionStatus.Ready && d.EmbeddingModel != embeddingModel.Id)
            .Select(d => new { d.Id, d.TenantId, d.CollectionId })
            .ToListAsync(cancellationToken);
        var requeued = 0;
        foreach (var document in stale)
        {
            db.ScopeTo(document.TenantId);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Documents
                .Where(d => d.Id == document.Id && d.Status == IngestionStatus.Ready && d.EmbeddingModel != embeddingModel.Id)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, IngestionStatus.Queued)
                    .SetProperty(d => d.EmbeddedAt, (DateTimeOffset?)null)
                    .SetProperty(d => d.IndexedAt, (DateTimeOffset?)null)
                    .SetProperty(d => d.EmbeddingModel, (string?)null)
                    .SetProperty(d => d.UpdatedAt, time.GetUtcNow()), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Embedding, (byte[]?)null), cancellationToken);
            await CollectionVersions.BumpAsync(db, document.CollectionId, cancellationToken);
            await queue.EnqueueAsync(new IngestionRequest(document.TenantId, document.Id), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            requeued++;
        }

        return requeued;
    }
}
