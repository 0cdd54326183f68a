using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Jobs;

/// <summary>
/// Holds a claimed job's lease, and writes the progress reported to it, from a scope of its own (a <see cref="JobQueue"/>
/// serves one call at a time) while the work runs on another thread. The lease is renewed every third of its duration.
/// When the queue says the job is no longer ours (canceled, reaped), it cancels <see cref="Lost"/> so the work stops
/// and nothing more is written for that attempt.
/// </summary>
public sealed partial class JobLease : IProgress<int>, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost;
    private readonly Task _loop;
    private int _latest;

    private JobLease(IServiceScopeFactory scopes, Guid jobId, string workerId, JobLeaseTiming timing, ILogger logger, CancellationToken stopping)
    {
        _lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = Task.Run(() => KeepAsync(scopes, jobId, workerId, timing, logger));
    }

    /// <summary>Cancelled when the job was taken away from this worker, or the process is stopping.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool WasTakenAway { get; private set; }

    public static JobLease Hold(
        IServiceScopeFactory scopes, Guid jobId, string workerId, JobLeaseTiming timing, ILogger logger, CancellationToken stopping) =>
        new(scopes, jobId, workerId, timing, logger, stopping);

    public void Report(int value) => Interlocked.Exchange(ref _latest, value);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task KeepAsync(IServiceScopeFactory scopes, Guid jobId, string workerId, JobLeaseTiming timing, ILogger logger)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var renewEvery = timing.Duration / 3;
        var tick = timing.ProgressInterval is { } interval && interval < renewEvery ? interval : renewEvery;
        var reported = 0;
        var nextRenewal = DateTime.UtcNow + renewEvery;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, _stop.Token);
                var progress = Volatile.Read(ref _latest);
                if (progress > reported && progress < 100)
                {
                    if (!await queue.ReportProgressAsync(jobId, workerId, progress, _stop.Token))
                    {
                        await MarkTakenAwayAsync();
                        return;
                    }

                    reported = progress;
                }

                if (DateTime.UtcNow >= nextRenewal)
                {
                    if (!await queue.RenewLeaseAsync(jobId, workerId, timing.Duration, _stop.Token))
                    {
                        await MarkTakenAwayAsync();
                        return;
                    }

                    nextRenewal = DateTime.UtcNow + renewEvery;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy database is no reason to drop the job: the lease has two more renewals' worth of slack.
                LogKeepFailed(logger, jobId, e);
            }
        }
    }

    /// <summary>
    /// For work that heard from the queue itself that the job is no longer ours (a refused progress write): cancels
    /// <see cref="Lost"/> as the lease's own renewal would.
    /// </summary>
    public async Task MarkTakenAwayAsync()
    {
        WasTakenAway = true;
        await _lost.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease or write progress of job {JobId}; trying again")]
    private static partial void LogKeepFailed(ILogger logger, Guid jobId, Exception exception);
}

/// <summary>How long a lease lasts and, for work that reports progress, how often progress is written.</summary>
public sealed record JobLeaseTiming(TimeSpan Duration, TimeSpan? ProgressInterval = null);
