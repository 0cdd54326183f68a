namespace App.Rag.Chunking;

/// <summary>Bound from "Rag:Chunking".</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Rag:Chunking";

    /// <summary>Upper bound of a chunk in characters (a single word longer than this is the only exception).</summary>
    public int MaxChars { get; set; } = 800;

    /// <summary>How much of the end of a chunk the next chunk of the same section repeats, in whole sentences.</summary>
    public int OverlapChars { get; set; } = 150;
}
