using App.Jobs;

namespace App.Worker.Screening;

/// <summary>
/// Holds a running job's lease and writes its progress from a scope of its own (a queue serves one call at a time),
/// while the model runs on another thread. When the queue says the job is no longer ours (canceled, reaped), it
/// cancels <see cref="Lost"/> so the work stops and nothing is written.
/// </summary>
public sealed partial class LeaseKeeper : IProgress<int>, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost;
    private readonly Task _loop;
    private int _latest;

    private LeaseKeeper(IServiceScopeFactory scopes, JobInfo job, string workerId, WorkerOptions options, ILogger logger, CancellationToken stopping)
    {
        _lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = Task.Run(() => KeepAsync(scopes, job.Id, workerId, options, logger));
    }

    /// <summary>Cancelled when the job was taken away from this worker, or the worker is stopping.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool WasTakenAway { get; private set; }

    public static LeaseKeeper Start(
        IServiceScopeFactory scopes, JobInfo job, string workerId, WorkerOptions options, ILogger logger, CancellationToken stopping) =>
        new(scopes, job, workerId, options, logger, stopping);

    public void Report(int value) => Interlocked.Exchange(ref _latest, value);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task KeepAsync(IServiceScopeFactory scopes, Guid jobId, string workerId, WorkerOptions options, ILogger logger)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var reported = 0;
        var nextRenewal = DateTime.UtcNow + (options.LeaseDuration / 3);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.ProgressInterval, _stop.Token);
                var progress = Volatile.Read(ref _latest);
                if (progress > reported && progress < 100)
                {
                    if (!await queue.ReportProgressAsync(jobId, workerId, progress, _stop.Token))
                    {
                        await TakenAwayAsync();
                        return;
                    }

                    reported = progress;
                }

                if (DateTime.UtcNow >= nextRenewal)
                {
                    if (!await queue.RenewLeaseAsync(jobId, workerId, options.LeaseDuration, _stop.Token))
                    {
                        await TakenAwayAsync();
                        return;
                    }

                    nextRenewal = DateTime.UtcNow + (options.LeaseDuration / 3);
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

    private async Task TakenAwayAsync()
    {
        WasTakenAway = true;
        await _lost.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease or write progress of job {JobId}; trying again")]
    private static partial void LogKeepFailed(ILogger logger, Guid jobId, Exception exception);
}
