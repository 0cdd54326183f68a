using System.Text.Json;
using App.Data;
using App.Jobs.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Jobs;

/// <summary>The worker's side: claim with a lease, keep it, report, and finish exactly once.</summary>
public sealed partial class JobQueue
{
    /// <summary>
    /// Takes the most urgent due job of one of the kinds, counting the attempt. One statement decides it, so two
    /// workers can never hold the same job: PostgreSQL skips rows another claimer has locked; SQLite serializes writers.
    /// </summary>
    public async Task<JobInfo?> ClaimAsync(
        string workerId, IReadOnlyCollection<string> kinds, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId.Length, JobLimits.WorkerIdLength, nameof(workerId));
        ArgumentOutOfRangeException.ThrowIfZero(kinds.Count, nameof(kinds));
        metrics.Watch(kinds);
        var now = time.GetUtcNow();
        var expires = now + leaseDuration;

        var job = await InTransactionAsync(async () =>
        {
            var claimed = (await ClaimQuery(workerId, kinds, now, expires).AsNoTracking().ToListAsync(cancellationToken))
                .SingleOrDefault();
            if (claimed is null)
            {
                return null;
            }

            await SaveEventAsync(claimed.Id, now, JobEventTypes.State, 0, JobStatus.Running, cancellationToken);
            return JobInfo.From(claimed);
        }, cancellationToken);
        if (job is not null)
        {
            // Counted once the transaction committed (a retried transaction must not count twice).
            metrics.Claimed(job.Kind);
        }

        return job;
    }

    /// <returns>False when the worker no longer holds the job (reaped and re-claimed, canceled, finished): stop working on it.</returns>
    public async Task<bool> RenewLeaseAsync(
        Guid jobId, string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var expires = time.GetUtcNow() + leaseDuration;
        var changed = await Owned(jobId, workerId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, expires), cancellationToken);
        return changed == 1;
    }

    /// <returns>False when the worker no longer holds the job: stop working on it.</returns>
    public async Task<bool> ReportProgressAsync(
        Guid jobId, string workerId, int progress, CancellationToken cancellationToken = default)
    {
        progress = Math.Clamp(progress, 0, 100);
        var now = time.GetUtcNow();
        return await InTransactionAsync(async () =>
        {
            var changed = await Owned(jobId, workerId)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, progress), cancellationToken);
            if (changed == 0)
            {
                return false;
            }

            await SaveEventAsync(jobId, now, JobEventTypes.Progress, progress, JobStatus.Running, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Writes the result once. A second completion (a retry after a lost reply, or a worker that lost its lease) changes nothing.</summary>
    public async Task<bool> CompleteAsync(
        Guid jobId, string workerId, string resultJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resultJson);
        var now = time.GetUtcNow();
        var kind = await InTransactionAsync(async () =>
        {
            var changed = await Owned(jobId, workerId)
                .Where(j => j.Result == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Succeeded)
                    .SetProperty(j => j.Result, resultJson)
                    .SetProperty(j => j.Progress, 100)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.ErrorCode, (string?)null)
                    .SetProperty(j => j.ErrorMessage, (string?)null), cancellationToken);
            if (changed == 0)
            {
                return null;
            }

            await SaveEventAsync(jobId, now, JobEventTypes.State, 100, JobStatus.Succeeded, cancellationToken);
            return await db.Jobs.Where(j => j.Id == jobId).Select(j => j.Kind).SingleAsync(cancellationToken);
        }, cancellationToken);

        if (kind is null)
        {
            return false;
        }

        metrics.Finished(kind, JobStatus.Succeeded);
        return true;
    }

    /// <summary>
    /// Records a failed attempt. Retryable failures go back to the queue after an exponential backoff while attempts
    /// remain; otherwise the job fails for good with <paramref name="errorCode"/> and stays visible.
    /// </summary>
    public Task<FailOutcome> FailAsync(
        Guid jobId, string workerId, string errorCode, string? message, bool retryable, CancellationToken cancellationToken = default) =>
        FailAsync(jobId, workerId, errorCode, message, retryable, details: null, cancellationToken);

    /// <param name="details">
    /// JSON kept in the job's result column when this failure is final (what a client needs to see why, such as a model's
    /// last invalid answer); ignored when the job goes back to the queue.
    /// </param>
    public async Task<FailOutcome> FailAsync(
        Guid jobId, string workerId, string errorCode, string? message, bool retryable, string? details, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(errorCode.Length, JobLimits.ErrorCodeLength, nameof(errorCode));
        message = Truncate(message, JobLimits.ErrorMessageLength);
        var now = time.GetUtcNow();

        var (outcome, kind) = await InTransactionAsync(async () =>
        {
            var job = await Owned(jobId, workerId).AsNoTracking()
                .Select(j => new { j.Kind, j.Attempts, j.MaxAttempts, j.Progress })
                .SingleOrDefaultAsync(cancellationToken);
            if (job is null)
            {
                return (FailOutcome.NotOwner, "");
            }

            var retry = retryable && job.Attempts < job.MaxAttempts;
            var changed = await Transition(
                Owned(jobId, workerId).Where(j => j.Attempts == job.Attempts), retry, now, job.Attempts, errorCode, message, details, cancellationToken);
            if (changed == 0)
            {
                return (FailOutcome.NotOwner, "");
            }

            var status = retry ? JobStatus.Queued : JobStatus.Failed;
            await SaveEventAsync(jobId, now, JobEventTypes.State, retry ? 0 : job.Progress, status, cancellationToken);
            return (retry ? FailOutcome.Requeued : FailOutcome.Failed, job.Kind);
        }, cancellationToken);

        if (outcome == FailOutcome.Failed)
        {
            metrics.Finished(kind, JobStatus.Failed);
        }

        return outcome;
    }

    private IQueryable<Job> Owned(Guid jobId, string workerId) =>
        db.Jobs.Where(j => j.Id == jobId && j.LeaseOwner == workerId && j.Status == JobStatus.Running);

    /// <summary>Running to queued (with backoff, lease released) or to failed (final); the same for failures and expired leases.</summary>
    private Task<int> Transition(
        IQueryable<Job> running, bool requeue, DateTimeOffset now, int attemptsMade, string errorCode, string? message,
        string? details, CancellationToken cancellationToken)
    {
        if (requeue)
        {
            var notBefore = BackoffUntil(now, attemptsMade);
            return running.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.NotBefore, notBefore)
                .SetProperty(j => j.Progress, 0)
                .SetProperty(j => j.LeaseOwner, (string?)null)
                .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(j => j.ErrorCode, errorCode)
                .SetProperty(j => j.ErrorMessage, message), cancellationToken);
        }

        return running.ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Failed)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.LeaseExpiresAt, (DateTimeOffset?)null)
            .SetProperty(j => j.ErrorCode, errorCode)
            .SetProperty(j => j.ErrorMessage, message)
            .SetProperty(j => j.Result, details), cancellationToken);
    }

    private IQueryable<Job> ClaimQuery(string workerId, IReadOnlyCollection<string> kinds, DateTimeOffset now, DateTimeOffset expires)
    {
        if (db.IsPostgreSql())
        {
            var kindArray = kinds.ToArray();
            return db.Jobs.FromSql($"""
                UPDATE jobs
                SET status = 'running', attempts = attempts + 1, progress = 0,
                    lease_owner = {workerId}, lease_expires_at = {expires}, started_at = {now}
                WHERE id = (
                    SELECT id FROM jobs
                    WHERE status = 'queued' AND not_before <= {now} AND kind = ANY({kindArray})
                    ORDER BY priority DESC, created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                  AND status = 'queued'
                RETURNING *
                """);
        }

        // SQLite stores these timestamps as integer microseconds (JobsDbContext); raw SQL passes them the same way.
        var converter = new DateTimeOffsetToUnixMicrosecondsConverter();
        var nowValue = (long)converter.ConvertToProvider(now)!;
        var expiresValue = (long)converter.ConvertToProvider(expires)!;
        var kindsJson = JsonSerializer.Serialize(kinds);
        return db.Jobs.FromSql($"""
            UPDATE jobs
            SET status = 'running', attempts = attempts + 1, progress = 0,
                lease_owner = {workerId}, lease_expires_at = {expiresValue}, started_at = {nowValue}
            WHERE id = (
                SELECT id FROM jobs
                WHERE status = 'queued' AND not_before <= {nowValue} AND kind IN (SELECT value FROM json_each({kindsJson}))
                ORDER BY priority DESC, created_at, id
                LIMIT 1)
              AND status = 'queued'
            RETURNING *
            """);
    }

    private static string? Truncate(string? value, int length) =>
        value is not null && value.Length > length ? value[..length] : value;
}
