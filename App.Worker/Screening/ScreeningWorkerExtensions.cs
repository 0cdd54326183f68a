using App.Inference;
using App.Jobs;
using App.Storage;
using App.Worker.Signals;

namespace App.Worker.Screening;

public static class ScreeningWorkerExtensions
{
    /// <summary>
    /// The queue (with maintenance), blob storage, the models (readiness included), the claim loops, and the hints that
    /// tell the Api about job changes (SQLite).
    /// </summary>
    public static IHostApplicationBuilder AddSpeechScreeningWorker(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WorkerOptions.SectionName);
        builder.Services.Configure<WorkerOptions>(section);
        builder.AddJobs();
        builder.AddBlobStorage();
        builder.Services.AddJobMaintenance();
        builder.Services.AddInference(o => o.ModelsDirectory = section[nameof(WorkerOptions.ModelsDirectory)] ?? o.ModelsDirectory);
        builder.Services.AddHealthChecks().AddModelsCheck();
        builder.Services.AddSingleton<TimedScreening>();
        builder.Services.AddScoped<ScreeningJobRunner>();
        builder.Services.AddHostedService<ScreeningWorkerService>();
        builder.Services.AddHostedService<JobChangeForwarder>();
        // No base address: the forwarder resolves every Api replica and posts to each one's own address.
        builder.Services.AddHttpClient(JobChangeForwarder.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(2));
        return builder;
    }
}
