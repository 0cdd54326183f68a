using App.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Ingestion;

/// <summary>
/// Once per worker start, <see cref="StaleEmbeddings"/> (documents embedded by another model go back through
/// ingestion); then, every maintenance interval, <see cref="OrphanedDocuments"/> (documents whose job ended elsewhere
/// become final). A failed pass (the database not reachable yet) is tried again after the interval.
/// </summary>
public sealed partial class IngestionMaintenanceService(
    IServiceScopeFactory scopes, IOptions<JobsOptions> options, ILogger<IngestionMaintenanceService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var staleDone = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (!staleDone)
                {
                    var requeued = await scope.ServiceProvider.GetRequiredService<StaleEmbeddings>().RequeueAsync(stoppingToken);
                    staleDone = true;
                    if (requeued > 0)
                    {
                        LogRequeued(requeued);
                    }
                }

                var settled = await scope.ServiceProvider.GetRequiredService<OrphanedDocuments>().SettleAsync(stoppingToken);
                if (settled > 0)
                {
                    LogSettled(settled);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
            }

            await Task.Delay(options.Value.MaintenanceInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} documents embedded by another model were queued for embedding again")]
    private partial void LogRequeued(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} documents whose ingestion job ended elsewhere (reaped, canceled) were made final")]
    private partial void LogSettled(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "An ingestion maintenance pass failed; trying again after the interval")]
    private partial void LogPassFailed(Exception exception);
}
