using System.Diagnostics;
using App.Jobs.Data;
using App.Jobs.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Jobs;

/// <summary>
/// The durable queue over the jobs table. Every change of state is one conditional update (on status, and for a
/// worker on lease ownership) plus a job event, in one transaction: whoever loses a race changes nothing and gets
/// false. Callers acting for a tenant pass its id and never see another tenant's jobs.
/// Scoped, like its <see cref="JobsDbContext"/>: Api enqueues inside its own transaction on that same context.
/// </summary>
public sealed partial class JobQueue(
    JobsDbContext db, JobSignal signal, JobMetrics metrics, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobQueue> logger)
{
    private readonly JobsOptions _options = options.Value;

    // Jobs given new events in the transaction under way, announced once it commits (JobSignal.PublishJobChangedAsync).
    private readonly List<Guid> _changed = [];

    /// <summary>
    /// Adds the job and saves the context (with whatever else the caller added to it). Inside the caller's
    /// transaction the job commits with it; without one, the queue opens its own.
    /// </summary>
    public async Task<JobInfo> EnqueueAsync(NewJob job, CancellationToken cancellationToken = default)
    {
        Validate(job);
        var now = time.GetUtcNow();
        var entity = new Job
        {
            Id = Guid.CreateVersion7(now),
            TenantId = job.TenantId,
            Kind = job.Kind,
            Status = JobStatus.Queued,
            MaxAttempts = job.MaxAttempts ?? _options.DefaultMaxAttempts,
            Priority = job.Priority,
            CreatedAt = now,
            NotBefore = (job.NotBefore ?? now).ToUniversalTime(),
            Input = job.Input,
            ContentHash = job.ContentHash,
            BlobKey = job.BlobKey,
            BatchId = job.BatchId,
            CallbackUrl = job.CallbackUrl,
            TraceParent = Activity.Current?.Id,
        };

        // In the caller's transaction the caller announces the job once it commits (WorkerNudge); in one of our own, we do.
        var ownTransaction = db.Database.CurrentTransaction is null;
        await InTransactionAsync(async () =>
        {
            db.Jobs.Add(entity);
            AddEvent(entity.Id, now, JobEventTypes.State, 0, JobStatus.Queued);
            await db.SaveChangesAsync(cancellationToken);
            await signal.PublishAsync(db, entity.Kind, cancellationToken);
            return true;
        }, cancellationToken);
        if (ownTransaction)
        {
            await signal.PublishEnqueuedAsync();
        }

        metrics.Enqueued(entity.Kind);
        return JobInfo.From(entity);
    }

    /// <summary>Cancels a queued or running job; a running job's worker learns it when its next renew or progress report returns false.</summary>
    public async Task<CancelOutcome> CancelAsync(Guid tenantId, Guid jobId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var kind = await InTransactionAsync(async () =>
        {
            var job = await db.Jobs.AsNoTracking()
                .Where(j => j.Id == jobId && j.TenantId == tenantId)
                .Select(j => new { j.Kind, j.Status, j.Progress })
                .SingleOrDefaultAsync(cancellationToken);
            if (job is null || JobStatus.IsFinal(job.Status))
            {
                return null;
            }

            var changed = await db.Jobs
                .Where(j => j.Id == jobId && j.TenantId == tenantId && j.Status == job.Status)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Canceled)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
            if (changed == 0)
            {
                return null;
            }

            await SaveEventAsync(jobId, now, JobEventTypes.State, job.Progress, JobStatus.Canceled, cancellationToken);
            return job.Kind;
        }, cancellationToken);

        if (kind is not null)
        {
            metrics.Finished(kind, JobStatus.Canceled);
            return CancelOutcome.Canceled;
        }

        var exists = await db.Jobs.AnyAsync(j => j.Id == jobId && j.TenantId == tenantId, cancellationToken);
        return exists ? CancelOutcome.AlreadyFinished : CancelOutcome.NotFound;
    }

    private static void Validate(NewJob job)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Kind);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(job.Kind.Length, JobLimits.KindLength, nameof(job.Kind));
        ArgumentNullException.ThrowIfNull(job.Input);
        if (job.MaxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(job), "MaxAttempts must be at least 1.");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own, or in the caller's. After a commit of its own it announces
    /// the jobs that got new events; in the caller's transaction it cannot know when (or whether) they commit, and the
    /// only such caller, the Api's enqueue, has no follower yet.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        _changed.Clear();
        if (db.Database.CurrentTransaction is not null)
        {
            var joined = await work();
            _changed.Clear();
            return joined;
        }

        T result;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            result = await work();
            await transaction.CommitAsync(cancellationToken);
        }

        await PublishChangesAsync();
        return result;
    }

    private async Task PublishChangesAsync()
    {
        Guid[] changed = [.. _changed.Distinct()];
        _changed.Clear();
        foreach (var jobId in changed)
        {
            try
            {
                await signal.PublishJobChangedAsync(db, jobId, CancellationToken.None);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // Committed already: a lost announcement only makes followers find the events on their next look.
                LogAnnounceFailed(logger, jobId, e);
            }
        }
    }

    private void AddEvent(Guid jobId, DateTimeOffset at, string type, int progress, string status)
    {
        db.JobEvents.Add(new JobEvent { JobId = jobId, At = at, Type = type, Progress = progress, Status = status });
        _changed.Add(jobId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce new events of job {JobId}; followers will find them on their next look")]
    private static partial void LogAnnounceFailed(ILogger logger, Guid jobId, Exception exception);

    private async Task SaveEventAsync(
        Guid jobId, DateTimeOffset at, string type, int progress, string status, CancellationToken cancellationToken)
    {
        AddEvent(jobId, at, type, progress, status);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Doubling from the base per attempt already made, capped, with jitter so a burst of failures spreads out.</summary>
    private DateTimeOffset BackoffUntil(DateTimeOffset now, int attemptsMade)
    {
        var exponent = Math.Clamp(attemptsMade - 1, 0, 20);
        var delay = TimeSpan.FromTicks(Math.Min(_options.BackoffBase.Ticks * (1L << exponent), _options.BackoffMax.Ticks));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return now + (delay * jitter);
    }
}
