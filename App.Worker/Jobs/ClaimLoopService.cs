using App.Jobs;
using App.Jobs.Signals;
using Microsoft.Extensions.Options;

namespace App.Worker.Jobs;

/// <summary>
/// The claim loops of one runner: each claims a job of the runner's kinds, runs it, and claims the next; an idle loop
/// waits for a signal or the poll interval. Every runner has loops of its own, so slow model calls of one kind never
/// hold up jobs of another.
/// </summary>
public sealed partial class ClaimLoopService(
    ClaimLoop loop,
    IServiceScopeFactory scopes,
    JobSignal signal,
    IOptions<JobsOptions> jobsOptions,
    ILogger<ClaimLoopService> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

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
                var job = await queue.ClaimAsync(workerId, loop.Kinds, loop.LeaseDuration, stoppingToken);
                if (job is null)
                {
                    await signal.WaitAsync(jobsOptions.Value.PollInterval, stoppingToken);
                    continue;
                }

                LogClaimed(job.Id, job.Kind, job.Attempts, workerId);
                using var run = JobTracing.StartRun(job, workerId);
                await loop.Runner(scope.ServiceProvider).RunAsync(job, workerId, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting {Concurrency} claim loop(s) for {Runner}")]
    private partial void LogStarting(int concurrency, string runner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed job {JobId} ({Kind}, attempt {Attempt}) as {WorkerId}")]
    private partial void LogClaimed(Guid jobId, string kind, int attempt, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Runner} claim loop failed; retrying after the poll interval")]
    private partial void LogLoopFailed(Exception exception, string runner);
}

/// <param name="Name">Part of the worker id of every claim (short: the id is at most 200 characters).</param>
/// <param name="Runner">The runner, from the scope the job was claimed in.</param>
public sealed record ClaimLoop(
    string Name, IReadOnlyCollection<string> Kinds, int Concurrency, TimeSpan LeaseDuration, Func<IServiceProvider, IJobRunner> Runner);

public static class ClaimLoopExtensions
{
    /// <summary>Claim loops for <typeparamref name="TRunner"/> (scoped), with their settings read at start.</summary>
    public static IServiceCollection AddClaimLoop<TRunner>(
        this IServiceCollection services, string name, IReadOnlyCollection<string> kinds, Func<IServiceProvider, (int Concurrency, TimeSpan LeaseDuration)> settings)
        where TRunner : class, IJobRunner
    {
        services.AddScoped<TRunner>();
        // Not AddHostedService: it adds one service per implementation type, and every runner has a ClaimLoopService.
        services.AddSingleton<IHostedService>(sp =>
        {
            var (concurrency, lease) = settings(sp);
            var loop = new ClaimLoop(name, kinds, concurrency, lease, scoped => scoped.GetRequiredService<TRunner>());
            return ActivatorUtilities.CreateInstance<ClaimLoopService>(sp, loop);
        });
        return services;
    }
}
