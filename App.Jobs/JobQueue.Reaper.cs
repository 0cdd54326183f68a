using App.Jobs.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Jobs;

public sealed partial class JobQueue
{
    /// <summary>
    /// Returns running jobs whose lease expired (a worker crashed or hung) to the queue, or fails them after their last
    /// attempt. Safe to run from every replica at once: each job changes only if it is still the same expired attempt.
    /// </summary>
    /// <returns>How many jobs were requeued or failed.</returns>
    public async Task<int> ReapExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expired = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Running && j.LeaseExpiresAt < now)
            .OrderBy(j => j.LeaseExpiresAt)
            .Take(_options.MaintenanceBatchSize)
            .Select(j => new { j.Id, j.Kind, j.Attempts, j.MaxAttempts, j.LeaseOwner })
            .ToListAsync(cancellationToken);

        var reaped = 0;
        foreach (var job in expired)
        {
            var requeue = job.Attempts < job.MaxAttempts;
            var errorCode = requeue ? JobErrorCodes.LeaseExpired : JobErrorCodes.LeaseExpiredAttemptsExhausted;
            var message = $"The lease of worker '{job.LeaseOwner}' expired during attempt {job.Attempts} of {job.MaxAttempts}.";
            var changed = await InTransactionAsync(async () =>
            {
                var sameAttempt = db.Jobs.Where(j =>
                    j.Id == job.Id && j.Status == JobStatus.Running && j.LeaseOwner == job.LeaseOwner
                    && j.Attempts == job.Attempts && j.LeaseExpiresAt < now);
                if (await Transition(sameAttempt, requeue, now, job.Attempts, errorCode, message, details: null, cancellationToken) == 0)
                {
                    return false;
                }

                await SaveEventAsync(job.Id, now, JobEventTypes.State, 0, requeue ? JobStatus.Queued : JobStatus.Failed, cancellationToken);
                return true;
            }, cancellationToken);

            if (!changed)
            {
                continue;
            }

            reaped++;
            if (!requeue)
            {
                metrics.Finished(job.Kind, JobStatus.Failed);
            }
        }

        return reaped;
    }
}
