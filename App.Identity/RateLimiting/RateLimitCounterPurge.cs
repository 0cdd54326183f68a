using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Identity.RateLimiting;

/// <summary>
/// Deletes rate-limit windows that ended more than <see cref="RateLimitOptions.CounterRetention"/> ago, every
/// <see cref="RateLimitOptions.PurgeInterval"/>. Run by the processes that count (the gateway); a delete of rows no
/// request reads any more is idempotent, so replicas may run it at the same time.
/// </summary>
public sealed partial class RateLimitCounterPurge(
    DatabaseRateLimitCounters counters, IOptions<RateLimitOptions> options, TimeProvider time, ILogger<RateLimitCounterPurge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PurgeInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await counters.PurgeAsync(options.Value.CounterRetention, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPurgeFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} ended rate-limit windows")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging rate-limit windows failed; retrying on the next pass")]
    private partial void LogPurgeFailed(Exception exception);
}
