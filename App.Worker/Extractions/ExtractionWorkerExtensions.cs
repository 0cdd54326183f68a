using App.Documents;
using App.Extractions;
using App.Jobs;
using App.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Extractions;

public static class ExtractionWorkerExtensions
{
    /// <summary>
    /// Document text extraction, the chat model (when <c>ConnectionStrings:chat</c> is set) and the extraction claim
    /// loops; needs <c>AddJobWorker</c>. Without a chat model the loops still run: jobs fail with model_unavailable
    /// instead of waiting forever.
    /// </summary>
    public static IHostApplicationBuilder AddExtractionWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ExtractionWorkerOptions>(builder.Configuration.GetSection(ExtractionWorkerOptions.SectionName));
        builder.Services.AddDocumentExtraction();
        builder.AddChatModel();
        builder.Services.AddSingleton<PageSplitter>();
        // Resolved only when a chat model is configured (ChatModel.IsConfigured): it needs the IChatClient, which is not
        // registered otherwise. A factory, so that validation at start (Development) does not refuse the registration.
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ModelExtractor>(sp));
        builder.Services.AddClaimLoop<ExtractionJobRunner>("extraction", [ExtractionJob.Kind], ExtractionErrorCodes.ExtractionFailed, sp =>
        {
            var options = sp.GetRequiredService<IOptions<ExtractionWorkerOptions>>().Value;
            return new ClaimLoopSettings(options.Concurrency, new JobLeaseTiming(options.LeaseDuration));
        });
        return builder;
    }
}
