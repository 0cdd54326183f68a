using System.ComponentModel.DataAnnotations;

namespace App.KnowledgeBase.Chunking;

/// <summary>Bound from "Rag:Chunking"; sizes are word-piece tokens of the embedding model's tokenizer.</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Rag:Chunking";

    /// <summary>
    /// Upper bound of a chunk in tokens (a single word longer than this is the only exception). The local model reads
    /// 256 tokens including its two special ones: a longer chunk would be embedded from its beginning only.
    /// </summary>
    [Range(8, 254)]
    public int MaxTokens { get; set; } = 200;

    /// <summary>How much of the end of a chunk the next chunk of the same section repeats, in whole sentences, in tokens.</summary>
    [Range(0, 254)]
    public int OverlapTokens { get; set; } = 40;
}
