using App.Jobs;

namespace App.Worker.Jobs;

/// <summary>Runs one claimed job to its end: completes it, fails it with a code, or stops writing when it was taken away.</summary>
public interface IJobRunner
{
    Task RunAsync(JobInfo job, string workerId, CancellationToken stopping);
}
