using System.ClientModel;
using System.ClientModel.Primitives;
using App.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The AI models a service uses, configured Aspire style by optional connection strings (<c>ConnectionStrings:chat</c>,
/// <c>ConnectionStrings:embeddings</c>, injected by the AppHost). A set but malformed string fails at start.
/// </summary>
public static class AIModelExtensions
{
    /// <summary>The ActivitySource and Meter of Microsoft.Extensions.AI's OpenTelemetry client (gen_ai spans and metrics).</summary>
    public const string TelemetrySourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>
    /// Registers <see cref="ChatModel"/> always and <see cref="IChatClient"/> (logged, traced) only when
    /// <c>ConnectionStrings:chat</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddChatModel(this IHostApplicationBuilder builder)
    {
        var connection = ModelConnection.FromConfiguration(builder.Configuration, ChatModel.ConnectionName);
        builder.Services.AddSingleton(new ChatModel(connection));
        if (connection is not null)
        {
            builder.AddAITelemetry();
            builder.Services.AddChatClient(_ => CreateOpenAIClient(connection).GetChatClient(connection.Model).AsIChatClient())
                .UseLogging()
                .UseOpenTelemetry(sourceName: TelemetrySourceName);
        }

        return builder;
    }

    /// <summary>
    /// Registers <see cref="EmbeddingModel"/> and <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> (logged, traced)
    /// when <c>ConnectionStrings:embeddings</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddingModel(this IHostApplicationBuilder builder)
    {
        var connection = ModelConnection.FromConfiguration(builder.Configuration, EmbeddingModel.ConnectionName);
        if (connection is not null)
        {
            builder.Services.AddSingleton(new EmbeddingModel(connection.Model, connection));
            builder.AddAITelemetry();
            builder.Services.AddEmbeddingGenerator(_ => CreateOpenAIClient(connection).GetEmbeddingClient(connection.Model).AsIEmbeddingGenerator())
                .UseLogging()
                .UseOpenTelemetry(sourceName: TelemetrySourceName);
        }

        return builder;
    }

    /// <summary>
    /// Resilience is the OpenAI client's own pipeline (retries of 408, 429 and 5xx honouring Retry-After, and a network
    /// timeout per attempt), not the service defaults' standard handler: that one never repeats a POST, and every
    /// completion is a POST that is safe to repeat (nothing is written) and slower than its default attempt timeout.
    /// The OpenAI client uses its own HttpClient, so the two never stack.
    /// </summary>
    internal static OpenAIClient CreateOpenAIClient(ModelConnection connection) =>
        new(new ApiKeyCredential(connection.Key), new OpenAIClientOptions
        {
            Endpoint = connection.Endpoint,
            RetryPolicy = new ClientRetryPolicy(connection.MaxRetries),
            NetworkTimeout = connection.NetworkTimeout,
        });

    private static void AddAITelemetry(this IHostApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(TelemetrySourceName))
            .WithMetrics(m => m.AddMeter(TelemetrySourceName));
}
