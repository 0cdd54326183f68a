using App.Jobs;

namespace App.Worker.Jobs;

/// <summary>
/// Does the work of one claimed job; <see cref="ClaimLoopService"/> does the rest (the lease, completion, failure, a
/// stopping worker, a job taken away). Returns the result JSON, written once; throws <see cref="JobFailedException"/>
/// to fail the job with a code. Any other exception fails the attempt with the loop's <c>UnexpectedErrorCode</c>.
/// </summary>
public interface IJobRunner
{
    /// <param name="run">The job, the worker id it was claimed as, and its lease (progress goes there).</param>
    /// <param name="cancellationToken">Cancelled when the job is taken away or the worker stops.</param>
    Task<string> RunAsync(JobRun run, CancellationToken cancellationToken);
}

/// <summary>One claimed attempt of a job, as a runner sees it.</summary>
public sealed record JobRun(JobInfo Job, string WorkerId, JobLease Lease);
