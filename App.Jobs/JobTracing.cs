using System.Diagnostics;

namespace App.Jobs;

/// <summary>
/// Activity source "App.Jobs": one span per job run, a child of the request that enqueued the job (its traceparent is
/// stored with the job), so the dashboard shows upload, queue and model run as one trace.
/// </summary>
public static class JobTracing
{
    public const string SourceName = "App.Jobs";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartRun(JobInfo job, string workerId)
    {
        ActivityContext.TryParse(job.TraceParent, null, isRemote: true, out var parent);
        var activity = Source.StartActivity($"job {job.Kind}", ActivityKind.Consumer, parent);
        activity?.SetTag("app.job.id", job.Id);
        activity?.SetTag("app.job.kind", job.Kind);
        activity?.SetTag("app.job.attempt", job.Attempts);
        activity?.SetTag("app.worker.id", workerId);
        return activity;
    }
}
