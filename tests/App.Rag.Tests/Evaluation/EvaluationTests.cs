using System.Text.Json;
using App.AI;
using App.Rag.Answers;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace App.Rag.Tests.Evaluation;

/// <summary>
/// Prints recall@5, MRR and nDCG@10 over the labeled set for lexical, dense (the local embedding model) and hybrid
/// retrieval, on all questions and on those worded unlike their document, and the share of extractive answers that
/// cite the labeled passage. Fails when lexical or hybrid falls below the baseline recorded in baseline.json.
/// </summary>
public sealed class EvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lexical_dense_and_hybrid_retrieval_meet_the_recorded_baseline()
    {
        using var embeddings = new LocalEmbeddingGenerator(Options.Create(new LocalEmbeddingOptions()));
        var evaluation = await RetrievalEvaluation.LoadAsync(embeddings);
        var baseline = JsonSerializer.Deserialize<Dictionary<string, RetrievalMetrics>>(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Evaluation", "baseline.json")), JsonSerializerOptions.Web)!;

        var measured = new Dictionary<string, RetrievalMetrics>();
        foreach (var mode in new[] { EvaluatedMode.Lexical, EvaluatedMode.Dense, EvaluatedMode.Hybrid })
        {
            var name = mode.ToString().ToLowerInvariant();
            measured[name] = await evaluation.MeasureAsync(mode);
            Print(name, measured[name], evaluation.QuestionCount);
            Print(name + "/reworded", await evaluation.MeasureAsync(mode, rewordedOnly: true), evaluation.RewordedCount);
        }

        Write($"documents={evaluation.DocumentCount}");
        // How the fusion defaults (Rag:Search:Fusion) were chosen: hybrid MRR over a small grid.
        foreach (var k in new[] { 10, 30, 60 })
        {
            foreach (var dense in new[] { 0.5, 1.0, 1.5, 2.0 })
            {
                var fusion = new App.Rag.Search.FusionOptions { K = k, DenseWeight = dense };
                var all = await evaluation.MeasureAsync(EvaluatedMode.Hybrid, fusion: fusion);
                var reworded = await evaluation.MeasureAsync(EvaluatedMode.Hybrid, rewordedOnly: true, fusion: fusion);
                Write($"fusion k={k,-2} dense weight={dense:F1}: recall@5={all.RecallAt5:F3} MRR={all.Mrr:F3} reworded MRR={reworded.Mrr:F3}");
            }
        }

        var share = await evaluation.ExtractiveAnswerShareAsync(new ExtractiveAnswerer(Options.Create(new AnswerOptions()), embeddings));
        Write($"extractive answers citing the expected passage: {share:P0}");

        Assert.True(evaluation.QuestionCount >= 60);
        Assert.True(evaluation.DocumentCount >= 30);
        Assert.True(evaluation.RewordedCount * 4 >= evaluation.QuestionCount);
        foreach (var mode in new[] { "lexical", "hybrid" })
        {
            Assert.True(measured[mode].RecallAt5 >= baseline[mode].RecallAt5,
                $"{mode} recall@5 {measured[mode].RecallAt5:F3} is below the baseline {baseline[mode].RecallAt5:F3}");
            Assert.True(measured[mode].Mrr >= baseline[mode].Mrr,
                $"{mode} MRR {measured[mode].Mrr:F3} is below the baseline {baseline[mode].Mrr:F3}");
        }
    }

    private void Print(string mode, RetrievalMetrics metrics, int questions) =>
        Write($"{mode,-17} questions={questions,-3} recall@5={metrics.RecallAt5:F3} MRR={metrics.Mrr:F3} nDCG@10={metrics.NdcgAt10:F3}");

    private void Write(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
