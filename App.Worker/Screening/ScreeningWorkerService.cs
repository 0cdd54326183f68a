using App.Inference.Models;
using App.Jobs;
using App.Jobs.Signals;
using Microsoft.Extensions.Options;

namespace App.Worker.Screening;

/// <summary>
/// The claim loops: each claims a speech-screening job, runs it, and claims the next; an idle loop waits for a
/// signal or the poll interval. Takes the model catalog in its constructor so models load (and are timed) at start.
/// </summary>
public sealed partial class ScreeningWorkerService(
    IServiceScopeFactory scopes,
    JobSignal signal,
    ModelCatalog catalog,
    IOptions<WorkerOptions> options,
    IOptions<JobsOptions> jobsOptions,
    ILogger<ScreeningWorkerService> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarting(options.Value.Concurrency, catalog.Statuses.Count(s => s.Available), catalog.Statuses.Count);
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency))
            .Select(i => Task.Run(() => ClaimLoopAsync($"{_instance}/{i}", stoppingToken), stoppingToken)));
    }

    private async Task ClaimLoopAsync(string workerId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
                var job = await queue.ClaimAsync(workerId, ScreeningKinds.All, options.Value.LeaseDuration, stoppingToken);
                if (job is null)
                {
                    await signal.WaitAsync(jobsOptions.Value.PollInterval, stoppingToken);
                    continue;
                }

                LogClaimed(job.Id, job.Attempts, workerId);
                using var run = JobTracing.StartRun(job, workerId);
                await scope.ServiceProvider.GetRequiredService<ScreeningJobRunner>().RunAsync(job, workerId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(e);
                await Task.Delay(jobsOptions.Value.PollInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening worker starting {Concurrency} claim loop(s); {Available} of {Total} model(s) available")]
    private partial void LogStarting(int concurrency, int available, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed job {JobId} (attempt {Attempt}) as {WorkerId}")]
    private partial void LogClaimed(Guid jobId, int attempt, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The claim loop failed; retrying after the poll interval")]
    private partial void LogLoopFailed(Exception exception);
}
