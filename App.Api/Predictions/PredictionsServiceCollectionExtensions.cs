using App.Api.Uploads;
using App.Api.Webhooks;
using App.Identity;
using App.Jobs;
using App.Jobs.Signals;
using App.Storage;

namespace App.Api.Predictions;

public static class PredictionsServiceCollectionExtensions
{
    /// <summary>Uploads, the job queue (and the worker nudge), blob storage, encrypted file names and webhooks for the predictions API.</summary>
    public static IHostApplicationBuilder AddPredictions(this IHostApplicationBuilder builder)
    {
        builder.AddJobs();
        builder.AddBlobStorage();
        builder.AddWebhooks();
        builder.Services.AddPersonalDataProtection(builder.Configuration);
        builder.Services.Configure<PredictionsOptions>(builder.Configuration.GetSection(PredictionsOptions.SectionName));
        builder.Services.AddSingleton<MultipartUploadReader>();
        builder.Services.AddSingleton<AudioUploadValidator>();
        builder.Services.AddScoped<PredictionSubmitter>();
        builder.Services.AddWorkerNudge();
        return builder;
    }
}
