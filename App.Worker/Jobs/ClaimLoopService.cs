using System.Text.Json;
using App.Jobs;
using App.Jobs.Signals;
using Microsoft.Extensions.Options;

namespace App.Worker.Jobs;

/// <summary>
/// The claim loops of one runner: each claims a job of the runner's kinds, runs it, and claims the next; an idle loop
/// waits for a signal or the poll interval. Every runner has loops of its own, so slow model calls of one kind never
/// hold up jobs of another. Around each run, the same envelope for every kind: the lease held and renewed, the result
/// written once, a <see cref="JobFailedException"/> written as the job's failure, a stopping worker's attempt given back
/// (retryable), a job taken away (canceled, reaped) left alone, and anything unexpected failing the attempt with the
/// loop's <see cref="ClaimLoop.UnexpectedErrorCode"/> (retried while attempts remain).
/// </summary>
public sealed partial class ClaimLoopService(
    ClaimLoop loop,
    IServiceScopeFactory scopes,
    JobSignal signal,
    IHostEnvironment environment,
    IOptions<JobsOptions> jobsOptions,
    ILogger<ClaimLoopService> logger) : BackgroundService
{
    // The application's name first, so a job's lease owner tells which service ran it.
    private readonly string _instance =
        $"{environment.ApplicationName}/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = Math.Max(1, loop.Concurrency);
        LogStarting(concurrency, loop.Name);
        return Task.WhenAll(Enumerable.Range(0, concurrency)
            .Select(i => Task.Run(() => ClaimLoopAsync($"{_instance}/{loop.Name}/{i}", stoppingToken), stoppingToken)));
    }

    private async Task ClaimLoopAsync(string workerId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
                var job = await queue.ClaimAsync(workerId, loop.Kinds, loop.Lease.Duration, stoppingToken);
                if (job is null)
                {
                    await signal.WaitAsync(jobsOptions.Value.PollInterval, stoppingToken);
                    continue;
                }

                LogClaimed(job.Id, job.Kind, job.Attempts, workerId);
                using var run = JobTracing.StartRun(job, workerId);
                await RunAsync(queue, loop.Runner(scope.ServiceProvider), job, workerId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(e, loop.Name);
                await Task.Delay(jobsOptions.Value.PollInterval, stoppingToken);
            }
        }
    }

    private async Task RunAsync(JobQueue queue, IJobRunner runner, JobInfo job, string workerId, CancellationToken stopping)
    {
        string result;
        await using (var lease = JobLease.Hold(scopes, job.Id, workerId, loop.Lease, logger, stopping))
        {
            try
            {
                result = await runner.RunAsync(new JobRun(job, workerId, lease), lease.Lost);
            }
            catch (JobFailedException e)
            {
                await FailAsync(queue, job, workerId, e);
                return;
            }
            catch (OperationCanceledException) when (lease.WasTakenAway && !stopping.IsCancellationRequested)
            {
                LogTakenAway(job.Id, job.Kind);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await FailAsync(queue, job, workerId, new JobFailedException(
                    WorkerErrorCodes.WorkerStopped, "The worker stopped during the job.", retryable: true));
                return;
            }
            catch (Exception e)
            {
                // A timeout inside the work, say: neither a stop nor a job taken away.
                LogUnexpected(e, job.Id, job.Kind, job.Attempts, job.MaxAttempts);
                await FailAsync(queue, job, workerId, new JobFailedException(loop.UnexpectedErrorCode, e.Message, retryable: true));
                return;
            }
        }

        if (!await queue.CompleteAsync(job.Id, workerId, result, CancellationToken.None))
        {
            LogTakenAway(job.Id, job.Kind);
        }
    }

    private async Task FailAsync(JobQueue queue, JobInfo job, string workerId, JobFailedException e)
    {
        var details = e.Details is null ? null : JsonSerializer.Serialize(e.Details, e.Details.GetType(), JsonSerializerOptions.Web);
        var outcome = await queue.FailAsync(job.Id, workerId, e.Code, e.Message, e.Retryable, details, CancellationToken.None);
        LogFailed(job.Id, job.Kind, e.Code, outcome, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Concurrency} claim loop(s) for {Runner}")]
    private partial void LogStarting(int concurrency, string runner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed job {JobId} ({Kind}, attempt {Attempt}) as {WorkerId}")]
    private partial void LogClaimed(Guid jobId, string kind, int attempt, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Runner} claim loop failed; retrying after the poll interval")]
    private partial void LogLoopFailed(Exception exception, string runner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) failed with {Code} ({Outcome}): {Message}")]
    private partial void LogFailed(Guid jobId, string kind, string code, FailOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) is no longer ours (canceled or reaped); nothing written")]
    private partial void LogTakenAway(Guid jobId, string kind);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Job {JobId} ({Kind}) failed unexpectedly in attempt {Attempt} of {MaxAttempts}; it is retried while attempts remain")]
    private partial void LogUnexpected(Exception exception, Guid jobId, string kind, int attempt, int maxAttempts);
}

/// <param name="Name">Part of the worker id of every claim (short: the id is at most 200 characters).</param>
/// <param name="Lease">How long a claim lasts without renewal, and how often reported progress is written.</param>
/// <param name="UnexpectedErrorCode">The code of an attempt that ended in an exception other than <see cref="JobFailedException"/>.</param>
/// <param name="Runner">The runner, from the scope the job was claimed in.</param>
public sealed record ClaimLoop(
    string Name, IReadOnlyCollection<string> Kinds, int Concurrency, JobLeaseTiming Lease, string UnexpectedErrorCode,
    Func<IServiceProvider, IJobRunner> Runner);

/// <summary>A runner's loop settings, read from its options when the worker starts.</summary>
public sealed record ClaimLoopSettings(int Concurrency, JobLeaseTiming Lease);

public static class ClaimLoopExtensions
{
    /// <summary>Claim loops for <typeparamref name="TRunner"/> (scoped), with their settings read at start.</summary>
    public static IServiceCollection AddClaimLoop<TRunner>(
        this IServiceCollection services, string name, IReadOnlyCollection<string> kinds, string unexpectedErrorCode,
        Func<IServiceProvider, ClaimLoopSettings> settings)
        where TRunner : class, IJobRunner
    {
        services.AddScoped<TRunner>();
        // Not AddHostedService: it adds one service per implementation type, and every runner has a ClaimLoopService.
        services.AddSingleton<IHostedService>(sp =>
        {
            var (concurrency, lease) = settings(sp);
            var loop = new ClaimLoop(name, kinds, concurrency, lease, unexpectedErrorCode, scoped => scoped.GetRequiredService<TRunner>());
            return ActivatorUtilities.CreateInstance<ClaimLoopService>(sp, loop);
        });
        return services;
    }
}
