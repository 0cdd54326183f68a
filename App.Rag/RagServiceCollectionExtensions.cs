using App.Jobs;
using App.Jobs.Signals;
using App.KnowledgeBase;
using App.KnowledgeBase.Data;
using App.Rag.Answers;
using App.Rag.Conversations;
using App.Rag.Indexing;
using App.Rag.Search;
using App.Rag.Tenancy;
using App.Rag.Uploads;
using App.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace App.Rag;

public static class RagServiceCollectionExtensions
{
    public const string KeysDirectoryKey = "DataProtection:KeysDirectory";

    /// <summary>The audience the gateway signs this service's internal tokens for.</summary>
    public const string Audience = "rag";

    /// <summary>
    /// The RAG service: database (<c>ConnectionStrings:appdb</c>) with its readiness check, the durable job queue (App.Jobs)
    /// to hand uploads to ingestion (run by App.Worker), blobs (<c>ConnectionStrings:blobs</c>), Data Protection keys, indexes,
    /// search and answers. The chat and embedding
    /// models come from App.AI (<c>ConnectionStrings:chat</c>, <c>ConnectionStrings:embeddings</c>).
    /// </summary>
    public static IHostApplicationBuilder AddRagServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.AddJobs();
        builder.AddKnowledgeBase();
        services.AddHealthChecks().AddDbContextCheck<RagDbContext>("rag-database");
        builder.AddBlobStorage();
        var keysDirectory = configuration[KeysDirectoryKey] ?? Path.Combine(configuration["App:DataDirectory"] ?? ".data", "rag-keys");
        services.AddDataProtection().SetApplicationName("App.Rag").PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));

        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName);
        services.AddOptions<AnswerOptions>().BindConfiguration(AnswerOptions.SectionName);
        services.AddOptions<FusionOptions>().BindConfiguration(FusionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ICallerContext, VerifiedCallerContext>();

        services.AddSingleton<CollectionIndexCache>();
        services.AddSingleton<ExtractiveAnswerer>();
        services.AddScoped<SearchService>();
        services.AddScoped<ConversationStore>();
        services.AddScoped<AnswerService>();
        services.AddScoped<DocumentUploader>();
        services.AddScoped<DocumentRemover>();
        services.AddWorkerNudge();

        builder.AddChatModel();
        builder.AddEmbeddingModel();
        return builder;
    }
}
