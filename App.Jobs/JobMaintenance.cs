using App.Jobs.Data;
using App.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Jobs;

/// <summary>
/// One pass of housekeeping: reap expired leases, delete input blobs and events past retention, cancel jobs abandoned
/// in the queue, and sample the queue for the gauges. Every step is idempotent, so replicas may run it concurrently.
/// </summary>
public sealed class JobMaintenance(
    JobsDbContext db, JobQueue queue, IBlobStore blobs, JobMetrics metrics, IOptions<JobsOptions> options, TimeProvider time)
{
    private readonly JobsOptions _options = options.Value;

    public async Task<MaintenanceReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var reaped = await queue.ReapExpiredLeasesAsync(cancellationToken);
        var purged = await PurgeBlobsAsync(cancellationToken);
        var abandoned = await CancelAbandonedAsync(cancellationToken);
        var events = await PurgeEventsAsync(cancellationToken);
        await SampleAsync(cancellationToken);
        return new MaintenanceReport(reaped, purged, abandoned, events);
    }

    /// <summary>
    /// Events of jobs finished before the retention window, a batch of jobs per pass, all but the final state event:
    /// an event stream opened later still replays how the job ended, and then closes.
    /// </summary>
    private async Task<int> PurgeEventsAsync(CancellationToken cancellationToken)
    {
        var finishedBefore = time.GetUtcNow() - _options.EventRetention;
        var purgeable = db.JobEvents.Where(e => e.Type != JobEventTypes.State
            || (e.Status != JobStatus.Succeeded && e.Status != JobStatus.Failed && e.Status != JobStatus.Canceled));
        var jobs = await db.Jobs.AsNoTracking()
            .Where(j => j.FinishedAt < finishedBefore && purgeable.Any(e => e.JobId == j.Id))
            .OrderBy(j => j.FinishedAt)
            .Take(_options.MaintenanceBatchSize)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        return jobs.Count == 0 ? 0 : await purgeable.Where(e => jobs.Contains(e.JobId)).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<int> PurgeBlobsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var finishedBefore = now - _options.BlobRetention;
        var due = await db.Jobs.AsNoTracking()
            .Where(j => j.FinishedAt < finishedBefore && j.BlobKey != null && j.BlobPurgedAt == null)
            .OrderBy(j => j.FinishedAt)
            .Take(_options.MaintenanceBatchSize)
            .Select(j => new { j.Id, j.BlobKey })
            .ToListAsync(cancellationToken);

        foreach (var job in due)
        {
            // Blob first, then the mark: a crash in between only repeats a harmless delete.
            await blobs.DeleteAsync(job.BlobKey!, cancellationToken);
            await db.Jobs.Where(j => j.Id == job.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.BlobPurgedAt, now), cancellationToken);
        }

        return due.Count;
    }

    private async Task<int> CancelAbandonedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var createdBefore = now - _options.AbandonQueuedAfter;
        var abandoned = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued && j.CreatedAt < createdBefore)
            .OrderBy(j => j.CreatedAt)
            .Take(_options.MaintenanceBatchSize)
            .Select(j => new { j.Id, j.Kind })
            .ToListAsync(cancellationToken);

        var canceled = 0;
        foreach (var job in abandoned)
        {
            var changed = await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Canceled)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.ErrorCode, JobErrorCodes.Abandoned)
                    .SetProperty(j => j.ErrorMessage, $"Queued for longer than {_options.AbandonQueuedAfter} without a worker taking it."),
                    cancellationToken);
            if (changed == 0)
            {
                continue;
            }

            db.JobEvents.Add(new JobEvent { JobId = job.Id, At = now, Type = JobEventTypes.State, Status = JobStatus.Canceled });
            await db.SaveChangesAsync(cancellationToken);
            metrics.Finished(job.Kind, JobStatus.Canceled);
            canceled++;
        }

        return canceled;
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Queued);
        var depths = await queued.GroupBy(j => j.Kind)
            .Select(g => new { Kind = g.Key, Depth = g.LongCount() })
            .ToListAsync(cancellationToken);
        var samples = new Dictionary<string, JobMetrics.QueueSample>();
        foreach (var kind in depths)
        {
            // One indexed lookup per kind (a handful): the oldest queued job's age.
            var oldest = await queued.Where(j => j.Kind == kind.Kind).OrderBy(j => j.CreatedAt)
                .Select(j => j.CreatedAt).FirstAsync(cancellationToken);
            samples[kind.Kind] = new JobMetrics.QueueSample(kind.Depth, now - oldest);
        }

        metrics.Sampled(samples);
    }
}
