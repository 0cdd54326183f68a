using System.Text.Json;
using App.Jobs;
using App.Jobs.Data;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Worker.Ingestion;

/// <summary>
/// Documents still queued or running whose newest ingestion job ended without the runner: reaped after its last
/// attempt (a worker died), canceled (<c>DELETE /api/v1/jobs/{id}</c>), or abandoned in the queue. Each becomes final:
/// failed, with the job's error code leading its reason, or canceled. Safe on every replica at once: a document changes
/// only if it is still open and unchanged since it was read.
/// </summary>
public sealed class OrphanedDocuments(RagDbContext db, JobsDbContext jobs, DocumentOutcomes outcomes, IOptions<JobsOptions> options)
{
    /// <returns>How many documents this call settled.</returns>
    public async Task<int> SettleAsync(CancellationToken cancellationToken)
    {
        var open = await db.Documents.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == IngestionStatus.Queued || d.Status == IngestionStatus.Running)
            .OrderBy(d => d.UpdatedAt)
            .Take(options.Value.MaintenanceBatchSize)
            .Select(d => new { d.Id, d.TenantId, d.UpdatedAt })
            .ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var document in open)
        {
            // The input is written by JobIngestionQueue from the same record, so it matches exactly.
            var input = JsonSerializer.Serialize(new IngestionRequest(document.TenantId, document.Id));
            var job = await jobs.Jobs.AsNoTracking()
                .Where(j => j.TenantId == document.TenantId && j.Kind == IngestionRequest.JobKind && j.Input == input)
                .OrderByDescending(j => j.CreatedAt)
                .Select(j => new { j.Status, j.ErrorCode, j.ErrorMessage })
                .FirstOrDefaultAsync(cancellationToken);
            var ended = job?.Status switch
            {
                JobStatus.Canceled => (Status: IngestionStatus.Canceled, Reason: "The ingestion job was canceled."),
                JobStatus.Failed => (Status: IngestionStatus.Failed, Reason: $"{job.ErrorCode}: {job.ErrorMessage}"),
                _ => ((IngestionStatus Status, string Reason)?)null,
            };
            if (ended is { } end
                && await outcomes.EndAsync(document.Id, end.Status, step: null, end.Reason, cancellationToken, unchangedSince: document.UpdatedAt))
            {
                settled++;
            }
        }

        return settled;
    }
}
