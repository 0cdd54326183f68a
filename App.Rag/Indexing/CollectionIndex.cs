using App.Rag.VectorStore;

namespace App.Rag.Indexing;

/// <summary>
/// The lexical and dense indexes of one collection at one <see cref="Version"/> of its chunks. Searches and updates
/// take one lock: searches are milliseconds, and updates come one document at a time. The dense half is an
/// <see cref="EmbeddedChunkCollection"/>, the Microsoft.Extensions.VectorData collection Semantic Kernel's retrieval seam
/// names (<see cref="Vectors"/>); hybrid search reads it synchronously through <see cref="SearchDense"/>.
/// </summary>
/// <param name="collectionId">Stamped, with <paramref name="tenantId"/>, on the dense half's records (unknown in benchmarks and unit tests).</param>
public sealed class CollectionIndex(long version, Guid collectionId = default, Guid tenantId = default)
{
    private readonly Lock _gate = new();
    private readonly Bm25Index _lexical = new();
    private readonly EmbeddedChunkCollection _vectors = new(collectionId.ToString());

    public long Version { get; private set; } = version;

    /// <summary>The dense half as a vector store collection (records carry ids and vectors; the text stays in the database).</summary>
    public EmbeddedChunkCollection Vectors => _vectors;

    public int ChunkCount
    {
        get
        {
            lock (_gate)
            {
                return _lexical.Count;
            }
        }
    }

    public bool HasVectors
    {
        get
        {
            lock (_gate)
            {
                return _vectors.Count > 0;
            }
        }
    }

    public void Add(IEnumerable<IndexedChunk> chunks, IReadOnlyDictionary<Guid, float[]>? vectors = null)
    {
        var list = chunks as IReadOnlyCollection<IndexedChunk> ?? chunks.ToList();
        lock (_gate)
        {
            foreach (var chunk in list)
            {
                _lexical.Add(chunk);
            }

            if (vectors is not null)
            {
                _vectors.Upsert(list
                    .Where(c => vectors.ContainsKey(c.ChunkId))
                    .Select(c => new ChunkVectorRecord
                    {
                        Key = c.ChunkId, TenantId = tenantId, CollectionId = collectionId, DocumentId = c.DocumentId, Vector = vectors[c.ChunkId],
                    }));
            }
        }
    }

    public void RemoveDocument(Guid documentId)
    {
        lock (_gate)
        {
            _lexical.RemoveDocument(documentId);
            _vectors.RemoveDocument(documentId);
        }
    }

    /// <summary>Applies one change made at <paramref name="newVersion"/>, only if this index holds exactly the version before it.</summary>
    public bool TryAdvance(long newVersion, Action<CollectionIndex> change)
    {
        lock (_gate)
        {
            if (Version != newVersion - 1)
            {
                return false;
            }

            change(this);
            Version = newVersion;
            return true;
        }
    }

    public IReadOnlyList<ScoredChunk> SearchLexical(string query, int top, Func<Guid, bool>? documentFilter)
    {
        lock (_gate)
        {
            return _lexical.Search(query, top, documentFilter);
        }
    }

    public IReadOnlyList<ScoredChunk> SearchDense(ReadOnlySpan<float> query, int top, Func<Guid, bool>? documentFilter)
    {
        lock (_gate)
        {
            return _vectors.Search(query, top, documentFilter);
        }
    }

    /// <summary>
    /// Per-term weights of a query, for scoring sentences of retrieved chunks. A term no chunk contains weighs as much
    /// as the rarest one: "Which airline flies to Sydney?" is not answered by a sentence that merely mentions flights.
    /// </summary>
    public IReadOnlyDictionary<string, double> TermWeights(string query)
    {
        lock (_gate)
        {
            return Tokenizer.Tokenize(query).Distinct().ToDictionary(t => t, t => _lexical.Idf(t) is > 0 and var idf ? idf : _lexical.RareTermIdf);
        }
    }
}
