using App.KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Worker.Ingestion;

/// <summary>Writes how a document's ingestion ended, with statements of their own (whatever the context is tracking).</summary>
public sealed class DocumentOutcomes(RagDbContext db, TimeProvider time)
{
    /// <summary>
    /// Ends a document that is still queued or running as <paramref name="status"/> (failed, canceled): its chunks go, and
    /// the step and the reason stay for the API. With <paramref name="unchangedSince"/>, only if nobody touched it since.
    /// </summary>
    /// <returns>False when the document was already final, gone, or changed since.</returns>
    public async Task<bool> EndAsync(
        Guid documentId, IngestionStatus status, string? step, string reason, CancellationToken cancellationToken, DateTimeOffset? unchangedSince = null)
    {
        db.ChangeTracker.Clear();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var open = db.Documents.IgnoreQueryFilters()
            .Where(d => d.Id == documentId && (d.Status == IngestionStatus.Queued || d.Status == IngestionStatus.Running));
        if (unchangedSince is { } since)
        {
            open = open.Where(d => d.UpdatedAt == since);
        }

        var changed = await open.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.FailedStep, d => step ?? d.FailedStep)
            .SetProperty(d => d.FailureReason, Truncate(reason))
            .SetProperty(d => d.ChunkCount, 0)
            .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        await db.Chunks.IgnoreQueryFilters().Where(c => c.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The failed step and its reason, while the document waits for the job's next attempt.</summary>
    public async Task RecordFailedAttemptAsync(Guid documentId, string step, string reason, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.Documents.IgnoreQueryFilters().Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.FailedStep, step)
            .SetProperty(d => d.FailureReason, Truncate(reason))
            .SetProperty(d => d.UpdatedAt, time.GetUtcNow()), cancellationToken);
    }

    private static string Truncate(string reason) => reason.Length <= 2000 ? reason : reason[..2000];
}
