using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace App.Rag.Tests.Evaluation;

/// <summary>
/// Prints recall@5, MRR and nDCG@10 over the labeled set, and fails when lexical recall@5 falls below the baseline
/// recorded in baseline.json. Dense and hybrid rows are measured when RAG_EVAL_EMBEDDINGS holds the connection string
/// of a real embedding endpoint (<c>Endpoint=...;Key=...;Model=...</c>; none is available to CI).
/// </summary>
public sealed class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lexical_retrieval_meets_the_recorded_baseline()
    {
        var evaluation = await RetrievalEvaluation.LoadAsync();
        var baseline = JsonSerializer.Deserialize<Dictionary<string, RetrievalMetrics>>(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Evaluation", "baseline.json")), JsonSerializerOptions.Web)!;

        var lexical = await evaluation.MeasureAsync(EvaluatedMode.Lexical);

        Print("lexical", lexical, evaluation.QuestionCount);
        Assert.True(evaluation.QuestionCount >= 20);
        Assert.True(lexical.RecallAt5 >= baseline["lexical"].RecallAt5,
            $"lexical recall@5 {lexical.RecallAt5:F3} is below the baseline {baseline["lexical"].RecallAt5:F3}");
    }

    [Fact]
    public async Task Dense_and_hybrid_retrieval_with_a_configured_embedding_model()
    {
        var connection = Environment.GetEnvironmentVariable("RAG_EVAL_EMBEDDINGS");
        if (connection is null)
        {
            output.WriteLine("dense/hybrid: not measured (set RAG_EVAL_EMBEDDINGS to Endpoint=...;Key=...;Model=...)");
            return;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:embeddings"] = connection;
        builder.AddEmbeddingModel();
        using var host = builder.Build();
        var evaluation = await RetrievalEvaluation.LoadAsync(host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        foreach (var mode in new[] { EvaluatedMode.Lexical, EvaluatedMode.Dense, EvaluatedMode.Hybrid })
        {
            Print(mode.ToString().ToLowerInvariant(), await evaluation.MeasureAsync(mode), evaluation.QuestionCount);
        }
    }

    private void Print(string mode, RetrievalMetrics metrics, int questions)
    {
        var line = $"{mode,-8} questions={questions} recall@5={metrics.RecallAt5:F3} MRR={metrics.Mrr:F3} nDCG@10={metrics.NdcgAt10:F3}";
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
