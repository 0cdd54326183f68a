using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using App.Api.Predictions;
using App.Identity.Internal;
using App.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Api.Apis;

/// <summary>
/// Follows a job's events as server-sent events. The worker is another process, so the queue's in-process signal
/// never fires here: the stream polls the events table, which is cheap (an indexed range read per interval).
/// Most clips finish within a few hundred milliseconds of being followed, so the stream polls often at first and
/// backs off as the job ages: the wait after the result is a quarter of the time followed so far, at most
/// <see cref="MaxPollInterval"/> (about 16 reads in the first second, then 5 a second).
/// </summary>
public static class JobEventStream
{
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<Results<ServerSentEventsResult<JobEventResponse>, NotFound>> Follow(
        Guid id, HttpContext context, JobQueue queue, CancellationToken cancellationToken)
    {
        var tenantId = context.GetCallerIdentity()!.TenantId;
        if (await queue.GetAsync(tenantId, id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var after = long.TryParse(context.Request.Headers["Last-Event-ID"], out var last) && last > 0 ? last : 0;
        return TypedResults.ServerSentEvents(EventsAsync(queue, tenantId, id, after, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<JobEventResponse>> EventsAsync(
        JobQueue queue, Guid tenantId, Guid jobId, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var following = Stopwatch.StartNew();

        // A client resuming after the final event has nothing left to wait for. The status is read before the events:
        // the final event commits with the final status, so a read after it returns that event unless it was seen.
        var resumedAfterEnd = after > 0 && (await queue.GetAsync(tenantId, jobId, cancellationToken)) is { } current
            && JobStatus.IsFinal(current.Status);
        while (!cancellationToken.IsCancellationRequested)
        {
            var events = await queue.GetEventsAsync(tenantId, jobId, after, cancellationToken: cancellationToken);
            foreach (var e in events)
            {
                after = e.Sequence;
                var final = e.Type == JobEventTypes.State && JobStatus.IsFinal(e.Status);
                var job = final ? JobResponse.From((await queue.GetAsync(tenantId, jobId, cancellationToken))!) : null;
                yield return new SseItem<JobEventResponse>(new JobEventResponse(e.Sequence, e.Type, e.Status, e.Progress, e.At, job), e.Type)
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

            await Task.Delay(TimeSpan.FromTicks(Math.Clamp(following.Elapsed.Ticks / 4, MinPollInterval.Ticks, MaxPollInterval.Ticks)), cancellationToken);
        }
    }
}
