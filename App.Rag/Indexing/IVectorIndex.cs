namespace App.Rag.Indexing;

/// <summary>
/// Nearest chunks by cosine similarity. The embedded implementation is an exact in-process scan; a Qdrant (or pgvector)
/// backend can implement the same contract where such a server runs.
/// </summary>
public interface IVectorIndex
{
    int Count { get; }

    void Add(Guid chunkId, Guid documentId, ReadOnlyMemory<float> vector);

    void RemoveDocument(Guid documentId);

    IReadOnlyList<ScoredChunk> Search(ReadOnlySpan<float> query, int top, Func<Guid, bool>? documentFilter = null);
}
