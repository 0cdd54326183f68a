using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using App.Api.Predictions;
using App.Identity.Internal;
using App.Jobs;
using App.Jobs.Signals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>
/// Follows a job's events as server-sent events. The stream reads the events table when the job changes: the queue
/// announces each commit of new events (<see cref="JobSignal.WatchJob"/>): in this process directly, from the worker
/// process through <see cref="JobChangesApi"/> (SQLite) or by LISTEN/NOTIFY (PostgreSQL). Announcements are hints, so
/// the stream also reads every <see cref="SafetyPollInterval"/> without one; it never polls tightly, which on a small
/// machine would take CPU from the worker it is waiting for.
/// </summary>
public static class JobEventStream
{
    public static readonly TimeSpan SafetyPollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<Results<ServerSentEventsResult<JobEventResponse<JobResponse>>, NotFound>> Follow(
        Guid id, HttpContext context, JobQueue queue, JobSignal signal, CancellationToken cancellationToken)
    {
        var job = await queue.GetAsync(context.GetCallerIdentity()!.TenantId, id, cancellationToken);
        return job is null ? TypedResults.NotFound() : FollowJob(job, context, queue, signal, JobResponse.From, cancellationToken);
    }

    /// <summary>The stream of a job the caller may see, its final event carrying the job as <paramref name="describe"/> shows it.</summary>
    /// <param name="found">The job, found for the caller's tenant (and by an API of one kind, checked to be of that kind).</param>
    public static ServerSentEventsResult<JobEventResponse<TJob>> FollowJob<TJob>(
        JobInfo found, HttpContext context, JobQueue queue, JobSignal signal, Func<JobInfo, TJob> describe, CancellationToken cancellationToken)
        where TJob : class
    {
        var after = long.TryParse(context.Request.Headers["Last-Event-ID"], out var last) && last > 0 ? last : 0;
        return TypedResults.ServerSentEvents(EventsAsync(queue, signal, found.TenantId, found.Id, after, describe, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<JobEventResponse<TJob>>> EventsAsync<TJob>(
        JobQueue queue, JobSignal signal, Guid tenantId, Guid jobId, long after, Func<JobInfo, TJob> describe,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TJob : class
    {
        // PostgreSQL: make sure this process listens (no wait: until it does, the safety poll finds the events).
        _ = signal.StartAsync(CancellationToken.None);
        using var watch = signal.WatchJob(jobId);

        // A client resuming after the final event has nothing left to wait for. The status is read before the events:
        // the final event commits with the final status, so a read after it returns that event unless it was seen.
        var resumedAfterEnd = after > 0 && (await queue.GetAsync(tenantId, jobId, cancellationToken)) is { } current
            && JobStatus.IsFinal(current.Status);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Taken before the read: a change committed after the read completes it.
            var changed = watch.Next;
            var events = await queue.GetEventsAsync(tenantId, jobId, after, cancellationToken: cancellationToken);
            foreach (var e in events)
            {
                after = e.Sequence;
                var final = e.Type == JobEventTypes.State && JobStatus.IsFinal(e.Status);
                var job = final ? describe((await queue.GetAsync(tenantId, jobId, cancellationToken))!) : null;
                yield return new SseItem<JobEventResponse<TJob>>(new JobEventResponse<TJob>(e.Sequence, e.Type, e.Status, e.Progress, e.At, job), e.Type)
                {
                    EventId = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (final)
                {
                    yield break;
                }
            }

            if (resumedAfterEnd)
            {
                yield break;
            }

            await JobWatch.WaitAsync(changed, SafetyPollInterval, cancellationToken);
        }
    }
}
