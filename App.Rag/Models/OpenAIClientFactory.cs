using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace App.Rag.Models;

internal static class OpenAIClientFactory
{
    /// <summary>
    /// The OpenAI client's own pipeline, not the shared HttpClient defaults: those retry idempotent requests only, and
    /// completions are POSTs that are safe to repeat (nothing is written) and slower than the default attempt timeout.
    /// </summary>
    public static OpenAIClient Create(ModelEndpointOptions options) =>
        new(new ApiKeyCredential(options.ApiKey), new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.NetworkTimeout,
        });
}
