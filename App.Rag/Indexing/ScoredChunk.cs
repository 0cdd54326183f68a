namespace App.Rag.Indexing;

public readonly record struct ScoredChunk(Guid ChunkId, Guid DocumentId, double Score);
