using App.AI;
using App.Data;
using App.Documents;
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
using App.Rag.VectorStore;
using App.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.Extensions.VectorData;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Qdrant.Client;

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
        services.AddDataProtection().SetApplicationName("App.Rag").PersistKeysToBlobsOrFileSystem(configuration, keysDirectory, "rag-keys");

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
        AddAnswerKernel(builder);
        AddQdrantChunks(builder);
        return builder;
    }

    /// <summary>
    /// With <c>ConnectionStrings:vectors</c> set (a Qdrant endpoint), the chunk collection on that server is registered as
    /// the service's <see cref="VectorStoreCollection{TKey,TRecord}"/>; without it there is none to register: each
    /// collection's vectors live in its in-process index (<see cref="CollectionIndex.Vectors"/>). A malformed string
    /// fails at start, naming the setting. The vector length is the embedding model's unless the string gives Dimensions.
    /// </summary>
    private static void AddQdrantChunks(IHostApplicationBuilder builder)
    {
        if (VectorStoreConnection.FromConfiguration(builder.Configuration) is not { } connection)
        {
            return;
        }

        builder.Services.AddSingleton(sp => new QdrantClient(
            connection.Endpoint, connection.Key, loggerFactory: sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        builder.Services.AddSingleton<VectorStoreCollection<Guid, ChunkVectorRecord>>(sp =>
        {
            var dimensions = connection.Dimensions
                ?? sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
                ?? throw new InvalidOperationException(
                    $"ConnectionStrings:{VectorStoreConnection.ConnectionName} needs Dimensions=...: the embedding model does not state its vector length.");
            return new QdrantChunkCollection(sp.GetRequiredService<QdrantClient>(), connection.Collection, dimensions);
        });
    }

    /// <summary>
    /// A Semantic Kernel <see cref="Kernel"/> over the service provider; with a chat model configured its chat service is
    /// App.AI's IChatClient (logged, traced, with the client's retries) through SK's bridge, so SK adds no client of its own.
    /// </summary>
    private static void AddAnswerKernel(IHostApplicationBuilder builder)
    {
        builder.Services.AddKernel();
        // SK's own spans and metrics (function invocations, prompt rendering) beside the IChatClient's gen_ai ones.
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource("Microsoft.SemanticKernel*"))
            .WithMetrics(m => m.AddMeter("Microsoft.SemanticKernel*"));
        if (ModelConnection.FromConfiguration(builder.Configuration, ChatModel.ConnectionName) is not null)
        {
            builder.Services.AddSingleton<IChatCompletionService>(sp => sp.GetRequiredService<IChatClient>().AsChatCompletionService(sp));
        }
    }
}
