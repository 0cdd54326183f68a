using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace App.Jobs;

/// <summary>Runs <see cref="JobMaintenance"/> every <see cref="JobsOptions.MaintenanceInterval"/>; a failed pass is logged and retried next time.</summary>
public sealed class JobMaintenanceService(
    IServiceScopeFactory scopes, IOptions<JobsOptions> options, TimeProvider time, ILogger<JobMaintenanceService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MaintenanceInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<JobMaintenance>().RunOnceAsync(stoppingToken);
                if (report != new MaintenanceReport(0, 0, 0))
                {
                    logger.LogInformation(
                        "Job maintenance: {Reaped} leases reaped, {Purged} blobs purged, {Abandoned} abandoned jobs canceled, {Events} events purged",
                        report.LeasesReaped, report.BlobsPurged, report.AbandonedCanceled, report.EventsPurged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Job maintenance pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
