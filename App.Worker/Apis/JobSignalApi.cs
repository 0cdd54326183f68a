using App.Jobs.Data;
using App.Jobs.Signals;
using App.Worker.Screening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Worker.Apis;

/// <summary>
/// Lets the Api and App.Rag (<see cref="WorkerNudge"/>) wake this worker's idle claim loops when it has enqueued a job. SQLite has no notifications between
/// processes, so without it a job waits for the next poll. It is only a hint (a woken loop claims, which may find
/// nothing), so it needs no caller identity; the gateway does not route to the worker.
/// </summary>
public static class JobSignalApi
{
    public static IEndpointRouteBuilder MapJobSignalApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(WorkerNudge.EnqueuedPath, SignalAsync)
            .WithName("SignalJobsEnqueued")
            .WithSummary("Wakes idle claim loops: the Api has enqueued a job.")
            .WithTags("Internal");
        return app;
    }

    private static async Task<NoContent> SignalAsync(JobSignal signal, JobsDbContext db, CancellationToken cancellationToken)
    {
        await signal.PublishAsync(db, ScreeningKinds.SpeechScreening, cancellationToken);
        return TypedResults.NoContent();
    }
}
