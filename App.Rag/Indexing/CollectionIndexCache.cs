using System.Collections.Concurrent;
using App.AI;
using App.KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Rag.Indexing;

/// <summary>
/// In-memory indexes per collection, built from the chunks in the database and kept current by the changes this
/// process makes. A change made by another replica shows up as a newer <see cref="Collection.IndexVersion"/>, which
/// makes the next search here rebuild from the database. Only vectors of this process's embedding model are loaded:
/// a document embedded by another model (before a model change) is searched lexically, never compared across models.
/// </summary>
public sealed class CollectionIndexCache(EmbeddingModel embeddingModel)
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

    private async Task<CollectionIndex> BuildAsync(RagDbContext db, Collection collection, CancellationToken cancellationToken)
    {
        // Only chunks of documents whose index step finished: a document mid-ingestion must not show up half-done.
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => c.CollectionId == collection.Id)
            .Join(db.Documents.Where(d => d.Status == IngestionStatus.Ready), c => c.DocumentId, d => d.Id, (c, d) => new { Chunk = c, d.EmbeddingModel })
            .OrderBy(r => r.Chunk.DocumentId).ThenBy(r => r.Chunk.Ordinal)
            .Select(r => new { r.Chunk.Id, r.Chunk.DocumentId, r.Chunk.Text, Embedding = r.EmbeddingModel == embeddingModel.Id ? r.Chunk.Embedding : null })
            .ToListAsync(cancellationToken);
        var index = new CollectionIndex(collection.IndexVersion, collection.Id, collection.TenantId);
        index.Add(
            rows.Select(r => new IndexedChunk(r.Id, r.DocumentId, r.Text)),
            rows.Where(r => r.Embedding is not null).ToDictionary(r => r.Id, r => VectorBytes.ToVector(r.Embedding!)));
        return index;
    }
}
