using App.Jobs;

namespace App.Rag.Ingestion;

/// <summary>
/// Renews a claimed job's lease every third of its duration from a scope of its own (a <see cref="JobQueue"/> serves
/// one call at a time) while the pipeline runs. When the queue says the job is no longer ours (reaped, canceled), it
/// cancels <see cref="Lost"/>, so the pipeline stops and nothing more is written for that attempt.
/// </summary>
public sealed partial class IngestionLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost;
    private readonly Task _loop;

    private IngestionLease(IServiceScopeFactory scopes, Guid jobId, string workerId, TimeSpan duration, ILogger logger, CancellationToken stopping)
    {
        _lost = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _loop = Task.Run(() => RenewAsync(scopes, jobId, workerId, duration, logger));
    }

    /// <summary>Cancelled when the job was taken away from this worker, or the process is stopping.</summary>
    public CancellationToken Lost => _lost.Token;

    public static IngestionLease Hold(
        IServiceScopeFactory scopes, Guid jobId, string workerId, TimeSpan duration, ILogger logger, CancellationToken stopping) =>
        new(scopes, jobId, workerId, duration, logger, stopping);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(IServiceScopeFactory scopes, Guid jobId, string workerId, TimeSpan duration, ILogger logger)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(duration / 3, _stop.Token);
                if (!await queue.RenewLeaseAsync(jobId, workerId, duration, _stop.Token))
                {
                    await _lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A busy database is no reason to drop the job: the lease has two more renewals' worth of slack.
                LogRenewFailed(logger, jobId, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of ingestion job {JobId}; trying again")]
    private static partial void LogRenewFailed(ILogger logger, Guid jobId, Exception exception);
}
