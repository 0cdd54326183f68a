using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Identity.Keys;

/// <summary>Flushes <see cref="ApiKeyUsageTracker"/> every <see cref="ApiKeyOptions.UsageFlushSeconds"/> and once at shutdown.</summary>
internal sealed partial class ApiKeyUsageFlusher(
    ApiKeyUsageTracker tracker, IOptions<ApiKeyOptions> options, TimeProvider time, ILogger<ApiKeyUsageFlusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.UsageFlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushQuietlyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushQuietlyAsync(CancellationToken.None);
        }
    }

    private async Task FlushQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await tracker.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write API key last-used times; will retry on the next tick.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
