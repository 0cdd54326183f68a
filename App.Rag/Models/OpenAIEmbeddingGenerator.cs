using Microsoft.Extensions.AI;
using OpenAI.Embeddings;

namespace App.Rag.Models;

/// <summary><see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over an OpenAI-compatible /embeddings endpoint.</summary>
public sealed class OpenAIEmbeddingGenerator(ModelEndpointOptions options) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingClient _client = OpenAIClientFactory.Create(options).GetEmbeddingClient(options.Model);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? generationOptions = null, CancellationToken cancellationToken = default)
    {
        var result = (await _client.GenerateEmbeddingsAsync(values.ToList(), cancellationToken: cancellationToken)).Value;
        return new GeneratedEmbeddings<Embedding<float>>(
            result.OrderBy(e => e.Index).Select(e => new Embedding<float>(e.ToFloats()) { ModelId = options.Model }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("openai-compatible", options.Endpoint, options.Model)
        : null;

    public void Dispose()
    {
        // The OpenAI client holds no resources of its own to release.
    }
}
