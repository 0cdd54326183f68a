using App.AI;

namespace App.Rag.Tests.Fixtures;

/// <summary>The local embedding model's identity and tokenizer, for components built without a host.</summary>
public static class LocalModel
{
    public static EmbeddingModel Embedding { get; } = new(LocalEmbeddingGenerator.ModelId, null, LocalEmbeddingGenerator.CreateTokenizer());

    public static int Tokens(string text) => Embedding.Tokenizer.CountTokens(text) - Embedding.Tokenizer.CountTokens(string.Empty);
}
