using App.Jobs;
using App.Storage;
using App.Worker.Signals;

namespace App.Worker.Jobs;

public static class JobWorkerExtensions
{
    /// <summary>The queue (with maintenance), blob storage, and the hints that tell the Api about job changes (SQLite).</summary>
    public static IHostApplicationBuilder AddJobWorker(this IHostApplicationBuilder builder)
    {
        builder.AddJobs();
        builder.AddBlobStorage();
        builder.Services.AddJobMaintenance();
        builder.Services.AddHostedService<JobChangeForwarder>();
        // No base address: the forwarder resolves every Api replica and posts to each one's own address.
        builder.Services.AddHttpClient(JobChangeForwarder.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(2));
        return builder;
    }
}
