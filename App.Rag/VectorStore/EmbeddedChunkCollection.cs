using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using App.Rag.Indexing;
using Microsoft.Extensions.VectorData;

namespace App.Rag.VectorStore;

/// <summary>
/// The in-process chunk collection: records in a dictionary and their vectors in an <see cref="ExactVectorIndex"/>
/// (exact cosine search, SIMD). Each <see cref="CollectionIndex"/> holds one as its dense half, loaded from the
/// database by <see cref="CollectionIndexCache"/>; the records it loads carry ids and vectors only (the text stays in the
/// database, as it does for the lexical index). Thread-safe.
/// </summary>
public sealed class EmbeddedChunkCollection(string name, int? dimensions = null) : ChunkCollection(name, dimensions)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, ChunkVectorRecord> _records = [];
    private readonly ExactVectorIndex _vectors = new();
    private bool _exists = true;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_exists);
        }
    }

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _exists = true;
        }

        return Task.CompletedTask;
    }

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _records.Clear();
            _vectors.Clear();
            _exists = false;
        }

        return Task.CompletedTask;
    }

    public override Task UpsertAsync(IEnumerable<ChunkVectorRecord> records, CancellationToken cancellationToken = default)
    {
        Upsert(records);
        return Task.CompletedTask;
    }

    /// <summary>What <see cref="UpsertAsync(IEnumerable{ChunkVectorRecord}, CancellationToken)"/> does, for callers holding a lock.</summary>
    internal void Upsert(IEnumerable<ChunkVectorRecord> records)
    {
        lock (_gate)
        {
            // Checked first: a batch with one bad vector changes nothing.
            var batch = records.Select(r => (Record: r, Vector: CheckedVector(r))).ToList();
            foreach (var (record, vector) in batch)
            {
                _vectors.Remove(record.Key);
                _vectors.Add(record.Key, record.DocumentId, vector);
                _records[record.Key] = record.WithoutVector();
            }
        }
    }

    public override async IAsyncEnumerable<ChunkVectorRecord> GetAsync(
        IEnumerable<Guid> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChunkVectorRecord> found;
        lock (_gate)
        {
            found = keys.Where(_records.ContainsKey).Select(k => Output(_records[k], options?.IncludeVectors == true)).ToList();
        }

        foreach (var record in found)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }

    public override async IAsyncEnumerable<ChunkVectorRecord> GetAsync(
        Expression<Func<ChunkVectorRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkVectorRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (options?.OrderBy is not null)
        {
            throw OrderingNotSupported();
        }

        var parsed = ChunkFilter.Parse(filter);
        List<ChunkVectorRecord> found;
        lock (_gate)
        {
            found = _records.Values.Where(parsed.Matches).Skip(options?.Skip ?? 0).Take(top)
                .Select(r => Output(r, options?.IncludeVectors == true)).ToList();
        }

        foreach (var record in found)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }

    public override Task DeleteAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var key in keys)
            {
                _records.Remove(key);
                _vectors.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkVectorRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkVectorRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = QueryVector(searchValue);
        var filter = ChunkFilter.Parse(options?.Filter);
        var skip = options?.Skip ?? 0;
        List<VectorSearchResult<ChunkVectorRecord>> results;
        lock (_gate)
        {
            var hits = _vectors.Search(query.Span, top + skip, filter.Equalities.Count == 0 ? null : (chunk, _) => filter.Matches(_records[chunk]));
            results = hits.Skip(skip)
                .Where(h => options?.ScoreThreshold is not { } threshold || h.Score >= threshold)
                .Select(h => new VectorSearchResult<ChunkVectorRecord>(Output(_records[h.ChunkId], options?.IncludeVectors == true), h.Score))
                .ToList();
        }

        foreach (var result in results)
        {
            yield return result;
        }

        await Task.CompletedTask;
    }

    /// <summary>The hybrid search's dense half: synchronous, by document, no records copied.</summary>
    internal IReadOnlyList<ScoredChunk> Search(ReadOnlySpan<float> query, int top, Func<Guid, bool>? documentFilter)
    {
        lock (_gate)
        {
            return _vectors.Search(query, top, documentFilter is null ? null : (_, document) => documentFilter(document));
        }
    }

    internal void RemoveDocument(Guid documentId)
    {
        lock (_gate)
        {
            foreach (var key in _records.Values.Where(r => r.DocumentId == documentId).Select(r => r.Key).ToList())
            {
                _records.Remove(key);
            }

            _vectors.RemoveDocument(documentId);
        }
    }

    private ChunkVectorRecord Output(ChunkVectorRecord stored, bool includeVector)
    {
        var copy = stored.WithoutVector();
        if (includeVector)
        {
            copy.Vector = _vectors.Vector(stored.Key);
        }

        return copy;
    }
}
