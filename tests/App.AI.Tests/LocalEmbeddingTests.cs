using System.Numerics.Tensors;
using App.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.AI.Tests;

/// <summary>The real all-MiniLM-L6-v2 through the real ONNX Runtime: properties a wrong tokenizer, pooling or normalisation breaks.</summary>
public sealed class LocalEmbeddingTests(LocalEmbeddingTests.Model model) : IClassFixture<LocalEmbeddingTests.Model>
{
    public sealed class Model : IDisposable
    {
        public LocalEmbeddingGenerator Generator { get; } = new(Options.Create(new LocalEmbeddingOptions { BatchSize = 4 }));

        public void Dispose() => Generator.Dispose();
    }

    [Fact]
    public async Task Vectors_have_384_dimensions_unit_length_and_the_model_id()
    {
        var embeddings = await model.Generator.GenerateAsync(["The cat sits on the mat.", "A much longer sentence about the weather in Lyon during the winter months."]);

        Assert.All(embeddings, e =>
        {
            Assert.Equal(LocalEmbeddingGenerator.Dimensions, e.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 4);
            Assert.Equal(LocalEmbeddingGenerator.ModelId, e.ModelId);
        });
        Assert.StartsWith("sentence-transformers/all-MiniLM-L6-v2@24.9.", LocalEmbeddingGenerator.ModelId);
    }

    [Fact]
    public async Task Paraphrases_are_closer_than_unrelated_sentences()
    {
        var e = await model.Generator.GenerateAsync([
            "How do I reset my password?",
            "I forgot my login credentials and need to change them.",
            "The recipe needs two cups of flour and an egg.",
            "A man is playing a guitar.",
            "Someone plays an acoustic instrument with strings.",
        ]);

        var paraphrase = Cosine(e[0], e[1]);
        var unrelated = Cosine(e[0], e[2]);
        Assert.True(paraphrase > unrelated + 0.2, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
        Assert.True(Cosine(e[3], e[4]) > Cosine(e[3], e[2]) + 0.2);
    }

    [Fact]
    public async Task A_text_gets_the_same_vector_alone_and_in_a_padded_batch()
    {
        string[] texts =
        [
            "short",
            "Paid leave is 25 days per year and expires at the end of March of the following year.",
            "A medium sentence about invoices.",
            "Another text of some length, to make the batch pad the short ones with many zeros.",
            "Refunds take ten working days.",
        ];

        var batched = await model.Generator.GenerateAsync(texts);
        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            var single = (await model.Generator.GenerateAsync([text]))[0].Vector.ToArray();
            var inBatch = batched[i].Vector.ToArray();
            Assert.All(single.Zip(inBatch), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    [Fact]
    public async Task Texts_beyond_the_window_are_truncated_not_refused()
    {
        var longText = string.Join(' ', Enumerable.Repeat("tokenization of a very long document", 200));

        var embeddings = await model.Generator.GenerateAsync([longText, string.Empty]);

        Assert.True(model.Generator.Tokenizer.CountTokens(longText) > LocalEmbeddingGenerator.MaxInputTokens);
        Assert.Equal(1.0, TensorPrimitives.Norm(embeddings[0].Vector.Span), 4);
        Assert.Equal(LocalEmbeddingGenerator.Dimensions, embeddings[1].Vector.Length);
    }

    [Fact]
    public void With_nothing_configured_the_local_model_is_the_embedding_generator()
    {
        using var host = ModelConnectionTests.Build([]);

        Assert.Equal(LocalEmbeddingGenerator.ModelId, host.Services.GetRequiredService<EmbeddingModel>().Id);
        Assert.False(host.Services.GetRequiredService<EmbeddingModel>().IsRemote);
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        Assert.Same(host.Services.GetRequiredService<LocalEmbeddingGenerator>(), generator.GetService<LocalEmbeddingGenerator>());
    }

    private static float Cosine(Embedding<float> a, Embedding<float> b) => TensorPrimitives.CosineSimilarity(a.Vector.Span, b.Vector.Span);
}
