using System.Collections.Concurrent;
using App.Rag.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Rag.Indexing;

/// <summary>
/// In-memory indexes per collection, built from the chunks in the database and kept current by the changes this
/// process makes. A change made by another replica shows up as a newer <see cref="Collection.IndexVersion"/>, which
/// makes the next search here rebuild from the database.
/// </summary>
public sealed class CollectionIndexCache
{
    private readonly ConcurrentDictionary<Guid, CollectionIndex> _indexes = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _builds = new();

    public async Task<CollectionIndex> GetAsync(RagDbContext db, Collection collection, CancellationToken cancellationToken)
    {
        if (_indexes.TryGetValue(collection.Id, out var index) && index.Version >= collection.IndexVersion)
        {
            return index;
        }

        var gate = _builds.GetOrAdd(collection.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_indexes.TryGetValue(collection.Id, out index) && index.Version >= collection.IndexVersion)
            {
                return index;
            }

            index = await BuildAsync(db, collection, cancellationToken);
            _indexes[collection.Id] = index;
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Applies a change committed as <paramref name="newVersion"/>; an index that missed a change is dropped and rebuilt on demand.</summary>
    public void Apply(Guid collectionId, long newVersion, Action<CollectionIndex> change)
    {
        if (_indexes.TryGetValue(collectionId, out var index) && !index.TryAdvance(newVersion, change))
        {
            _indexes.TryRemove(new KeyValuePair<Guid, CollectionIndex>(collectionId, index));
        }
    }

    public void Evict(Guid collectionId) => _indexes.TryRemove(collectionId, out _);

    private static async Task<CollectionIndex> BuildAsync(RagDbContext db, Collection collection, CancellationToken cancellationToken)
    {
        // Only chunks of documents whose index step finished: a document mid-ingestion must not show up half-done.
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => c.CollectionId == collection.Id)
            .Join(db.Documents.Where(d => d.Status == IngestionStatus.Ready), c => c.DocumentId, d => d.Id, (c, _) => c)
            .OrderBy(c => c.DocumentId).ThenBy(c => c.Ordinal)
            .Select(c => new { c.Id, c.DocumentId, c.Text, c.Embedding })
            .ToListAsync(cancellationToken);
        var index = new CollectionIndex(collection.IndexVersion);
        index.Add(
            rows.Select(r => new IndexedChunk(r.Id, r.DocumentId, r.Text)),
            rows.Where(r => r.Embedding is not null).ToDictionary(r => r.Id, r => VectorBytes.ToVector(r.Embedding!)));
        return index;
    }
}
