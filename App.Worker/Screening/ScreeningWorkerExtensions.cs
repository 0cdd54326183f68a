using App.Inference;
using App.Inference.Models;
using App.Jobs;
using App.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Screening;

public static class ScreeningWorkerExtensions
{
    /// <summary>The models (loaded at start, readiness included) and the speech-screening claim loops; needs <c>AddJobWorker</c>.</summary>
    public static IHostApplicationBuilder AddSpeechScreeningWorker(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WorkerOptions.SectionName);
        builder.Services.Configure<WorkerOptions>(section);
        builder.Services.AddInference(o => o.ModelsDirectory = section[nameof(WorkerOptions.ModelsDirectory)] ?? o.ModelsDirectory);
        builder.Services.AddHealthChecks().AddModelsCheck();
        builder.Services.AddSingleton<TimedScreening>();
        builder.Services.AddHostedService<ModelsAtStart>();
        builder.Services.AddClaimLoop<ScreeningJobRunner>("screening", ScreeningKinds.All, WorkerErrorCodes.InferenceFailed, sp =>
        {
            var options = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
            return new ClaimLoopSettings(options.Concurrency, new JobLeaseTiming(options.LeaseDuration, options.ProgressInterval));
        });
        return builder;
    }
}

/// <summary>Loads the models when the worker starts (timed, and logged), not when the first job needs them.</summary>
internal sealed partial class ModelsAtStart(ModelCatalog catalog, ILogger<ModelsAtStart> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogModels(catalog.Statuses.Count(s => s.Available), catalog.Statuses.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Screening worker: {Available} of {Total} model(s) available")]
    private partial void LogModels(int available, int total);
}
