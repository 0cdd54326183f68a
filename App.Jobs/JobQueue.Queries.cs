using Microsoft.EntityFrameworkCore;

namespace App.Jobs;

public sealed partial class JobQueue
{
    public const int MaxPageSize = 100;

    public async Task<JobInfo?> GetAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = await db.Jobs.AsNoTracking()
            .SingleOrDefaultAsync(j => j.Id == jobId && j.TenantId == tenantId, cancellationToken);
        return job is null ? null : JobInfo.From(job);
    }

    /// <summary>Newest first; <paramref name="to"/> is exclusive. <paramref name="page"/> counts from 1; <paramref name="pageSize"/> is capped at <see cref="MaxPageSize"/>.</summary>
    public async Task<JobPage> ListAsync(
        Guid tenantId, string? status = null, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? batchId = null,
        int page = 1, int pageSize = 20, string? kind = null, CancellationToken cancellationToken = default)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var query = db.Jobs.AsNoTracking().Where(j => j.TenantId == tenantId);
        if (kind is not null)
        {
            query = query.Where(j => j.Kind == kind);
        }

        if (status is not null)
        {
            query = query.Where(j => j.Status == status);
        }

        if (batchId is not null)
        {
            query = query.Where(j => j.BatchId == batchId);
        }

        if (from is { } fromUtc)
        {
            fromUtc = fromUtc.ToUniversalTime();
            query = query.Where(j => j.CreatedAt >= fromUtc);
        }

        if (to is { } toUtc)
        {
            toUtc = toUtc.ToUniversalTime();
            query = query.Where(j => j.CreatedAt < toUtc);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return new JobPage(items.Select(JobInfo.From).ToList(), page, pageSize, total);
    }

    /// <summary>
    /// The newest job of the tenant with the same kind and content created since <paramref name="since"/> that has not
    /// failed or been canceled: a repeated upload can be answered with it instead of running the model again.
    /// </summary>
    public async Task<JobInfo?> FindRecentByContentHashAsync(
        Guid tenantId, string kind, string contentHash, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        since = since.ToUniversalTime();
        var job = await db.Jobs.AsNoTracking()
            .Where(j => j.TenantId == tenantId && j.Kind == kind && j.ContentHash == contentHash && j.CreatedAt >= since
                && j.Status != JobStatus.Failed && j.Status != JobStatus.Canceled)
            .OrderByDescending(j => j.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return job is null ? null : JobInfo.From(job);
    }

    /// <summary>
    /// The newest job of the tenant with the same kind and content hash that succeeded since <paramref name="finishedSince"/>:
    /// its result can serve a new job of the same input without doing the work again.
    /// </summary>
    public async Task<JobInfo?> FindSucceededByContentHashAsync(
        Guid tenantId, string kind, string contentHash, DateTimeOffset finishedSince, CancellationToken cancellationToken = default)
    {
        finishedSince = finishedSince.ToUniversalTime();
        var job = await db.Jobs.AsNoTracking()
            .Where(j => j.TenantId == tenantId && j.Kind == kind && j.ContentHash == contentHash
                && j.Status == JobStatus.Succeeded && j.FinishedAt >= finishedSince && j.Result != null)
            .OrderByDescending(j => j.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return job is null ? null : JobInfo.From(job);
    }

    /// <summary>The job's events after <paramref name="afterSequence"/> (0 for all), oldest first; empty for another tenant's job.</summary>
    public async Task<IReadOnlyList<JobEventInfo>> GetEventsAsync(
        Guid tenantId, Guid jobId, long afterSequence = 0, int max = 100, CancellationToken cancellationToken = default)
    {
        return await db.JobEvents.AsNoTracking()
            .Where(e => e.JobId == jobId && e.Sequence > afterSequence
                && db.Jobs.Any(j => j.Id == jobId && j.TenantId == tenantId))
            .OrderBy(e => e.Sequence)
            .Take(Math.Clamp(max, 1, 1000))
            .Select(e => new JobEventInfo(e.Sequence, e.JobId, e.At, e.Type, e.Progress, e.Status))
            .ToListAsync(cancellationToken);
    }
}
