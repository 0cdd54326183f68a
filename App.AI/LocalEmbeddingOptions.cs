namespace App.AI;

/// <summary>The local embedding model's settings, bound from "AI:LocalEmbeddings".</summary>
public sealed class LocalEmbeddingOptions
{
    public const string SectionName = "AI:LocalEmbeddings";

    /// <summary>Texts per ONNX Runtime run: larger batches amortise the run's overhead but pad more.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Threads one run may use; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }
}
