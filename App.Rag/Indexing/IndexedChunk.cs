namespace App.Rag.Indexing;

/// <summary>What an index keeps of a chunk: enough to filter and to rank; the text itself stays in the database.</summary>
public sealed record IndexedChunk(Guid ChunkId, Guid DocumentId, string Text);
