namespace App.Api.Extractions;

public static class ExtractionsServiceCollectionExtensions
{
    /// <summary>
    /// Extraction uploads and the chat model's configuration (whether one is set, and its name for the cache key). Needs
    /// what <c>AddPredictions</c> registers: the queue, blobs, the upload reader, webhooks and encrypted file names.
    /// </summary>
    public static IHostApplicationBuilder AddExtractions(this IHostApplicationBuilder builder)
    {
        builder.AddChatModel();
        builder.Services.Configure<ExtractionsOptions>(builder.Configuration.GetSection(ExtractionsOptions.SectionName));
        builder.Services.AddScoped<ExtractionSubmitter>();
        return builder;
    }
}
