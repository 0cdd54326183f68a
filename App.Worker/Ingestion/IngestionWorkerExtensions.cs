using App.Documents;
using App.Jobs;
using App.KnowledgeBase;
using App.KnowledgeBase.Chunking;
using App.KnowledgeBase.Ingestion;
using App.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace App.Worker.Ingestion;

public static class IngestionWorkerExtensions
{
    /// <summary>
    /// Document ingestion for App.Rag's knowledge base: the RAG database (Program adds its migration), text extraction, chunking,
    /// the embedding model (App.AI, <c>ConnectionStrings:embeddings</c> or the local MiniLM), the steps, the ingestion
    /// claim loops, and <see cref="IngestionMaintenanceService"/>; needs <c>AddJobWorker</c> (queue and blobs).
    /// </summary>
    public static IHostApplicationBuilder AddIngestionWorker(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddKnowledgeBase();
        services.AddOptions<IngestionWorkerOptions>().BindConfiguration(IngestionWorkerOptions.SectionName);
        services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddDocumentExtraction();
        builder.AddEmbeddingModel();
        services.AddSingleton<Chunker>();
        services.AddScoped<ExtractStep>();
        services.AddScoped<ChunkStep>();
        services.AddScoped<EmbedStep>();
        services.AddScoped<IndexStep>();
        services.AddScoped<DocumentOutcomes>();
        services.AddScoped<StaleEmbeddings>();
        services.AddScoped<OrphanedDocuments>();
        services.AddHostedService<IngestionMaintenanceService>();
        services.AddClaimLoop<IngestionJobRunner>("ingestion", [IngestionRequest.JobKind], IngestionErrorCodes.IngestionError, sp =>
        {
            var options = sp.GetRequiredService<IOptions<IngestionWorkerOptions>>().Value;
            return new ClaimLoopSettings(options.Concurrency, new JobLeaseTiming(options.LeaseDuration));
        });
        return builder;
    }
}
