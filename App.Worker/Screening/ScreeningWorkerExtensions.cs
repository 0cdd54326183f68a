using App.Inference;
using App.Jobs;
using App.Storage;

namespace App.Worker.Screening;

public static class ScreeningWorkerExtensions
{
    /// <summary>The queue (with maintenance), blob storage, the models (readiness included) and the claim loops.</summary>
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
        return builder;
    }
}
