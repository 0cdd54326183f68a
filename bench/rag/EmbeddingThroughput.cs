using System.Diagnostics;
using System.Numerics.Tensors;
using App.AI;
using App.Documents;
using App.KnowledgeBase.Chunking;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

/// <summary>
/// Embedding throughput of the ingestion step (LocalEmbeddingGenerator.GenerateAsync: tokenization, length-sorted
/// batches, pooling) against a raw ONNX Runtime loop over the same pre-tokenized batches with its own session and the
/// same session options. Texts are chunks of the repository's own Markdown, cut by the production chunker.
/// </summary>
internal static class EmbeddingThroughput
{
    public static async Task RunAsync(Chunker chunker, int batchSize, int rounds)
    {
        var texts = Directory.EnumerateFiles(".", "*.md", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("node_modules", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(p => chunker.Chunk(Document(p)).Select(c => c.Text))
            .Take(256)
            .ToList();
        using var generator = new LocalEmbeddingGenerator(Options.Create(new LocalEmbeddingOptions { BatchSize = batchSize }));
        var tokenizer = generator.Tokenizer;
        var batches = texts
            .Select(t => tokenizer.EncodeToIds(t, addSpecialTokens: true).Take(LocalEmbeddingGenerator.MaxInputTokens).Select(i => (long)i).ToArray())
            .OrderBy(t => t.Length)
            .Chunk(batchSize)
            .ToList();
        using var session = RawSession();
        await generator.GenerateAsync(texts.Take(batchSize));
        Raw(session, batches.Take(1));

        var tokens = batches.Sum(b => b.Sum(t => t.Length));
        Console.WriteLine($"texts={texts.Count} tokens/text={tokens / (double)texts.Count:F0} batch={batchSize} threads=ORT default");
        Console.WriteLine($"{"round",6} {"generator/s",12} {"raw/s",10} {"ratio",6}");
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternated in each round, so a load that comes and goes falls on both.
            var started = Stopwatch.GetTimestamp();
            await generator.GenerateAsync(texts);
            var generatorRate = texts.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            started = Stopwatch.GetTimestamp();
            Raw(session, batches);
            var rawRate = texts.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            ratios.Add(generatorRate / rawRate);
            Console.WriteLine($"{round,6} {generatorRate,12:F1} {rawRate,10:F1} {generatorRate / rawRate,6:F2}");
        }

        ratios.Sort();
        Console.WriteLine($"median generator / raw: {ratios[ratios.Count / 2]:F2}");
    }

    private static ExtractedDocument Document(string path)
    {
        var builder = new TextBuilder();
        builder.AppendBlock(File.ReadAllText(path));
        return builder.Build(path, Path.GetFileName(path));
    }

    private static InferenceSession RawSession()
    {
        using var model = LocalEmbeddingGenerator.OpenResource("model.onnx");
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        using var options = new SessionOptions
        {
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(bytes, options);
    }

    private static void Raw(InferenceSession session, IEnumerable<long[][]> batches)
    {
        foreach (var batch in batches)
        {
            var length = batch.Max(t => t.Length);
            var ids = new long[batch.Length * length];
            var mask = new long[ids.Length];
            for (var b = 0; b < batch.Length; b++)
            {
                batch[b].CopyTo(ids, b * length);
                mask.AsSpan(b * length, batch[b].Length).Fill(1);
            }

            long[] shape = [batch.Length, length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], [session.OutputNames[0]]);
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (var b = 0; b < batch.Length; b++)
            {
                var vector = new float[LocalEmbeddingGenerator.Dimensions];
                for (var t = 0; t < batch[b].Length; t++)
                {
                    TensorPrimitives.Add(vector, hidden.Slice(((b * length) + t) * vector.Length, vector.Length), vector);
                }

                TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            }
        }
    }
}
