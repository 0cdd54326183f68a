using System.Diagnostics;
using App.KnowledgeBase.Data;
using App.Rag.Indexing;
using App.Rag.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Rag.Search;

/// <summary>Tenant-scoped search: the collection must be visible through the scoped context before any index is touched.</summary>
public sealed class SearchService(
    RagDbContext db, CollectionIndexCache cache, IOptions<FusionOptions> fusion, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    /// <returns>Null when the collection does not exist for this tenant.</returns>
    public async Task<SearchOutcome?> SearchAsync(Guid collectionId, string query, int top, SearchFilters? filters, CancellationToken cancellationToken)
    {
        var collection = await db.Collections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == collectionId, cancellationToken);
        if (collection is null)
        {
            return null;
        }

        var index = await cache.GetAsync(db, collection, cancellationToken);
        var allowed = filters is null || filters.IsEmpty ? null : await AllowedDocumentsAsync(collectionId, filters, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var queryVector = embeddings is not null && index.HasVectors
            ? (await embeddings.GenerateAsync([query], cancellationToken: cancellationToken))[0].Vector.ToArray()
            : null;
        var retrieval = Retriever.Retrieve(index, query, queryVector, top, allowed is null ? null : allowed.Contains, fusion.Value);
        RagTelemetry.RetrievalDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("mode", retrieval.Mode == SearchMode.Hybrid ? "hybrid" : "lexical"));
        return new SearchOutcome(retrieval.Mode, await HitsAsync(retrieval, cancellationToken), index);
    }

    private async Task<HashSet<Guid>> AllowedDocumentsAsync(Guid collectionId, SearchFilters filters, CancellationToken cancellationToken)
    {
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.CollectionId == collectionId)
            .Select(d => new { d.Id, d.Tags })
            .ToListAsync(cancellationToken);
        var ids = filters.DocumentIds is { Count: > 0 } wanted ? wanted.ToHashSet() : null;
        var tags = filters.Tags is { Count: > 0 } tagList ? tagList.Select(DocumentTags.Normalize).ToHashSet() : null;
        return documents
            .Where(d => ids is null || ids.Contains(d.Id))
            .Where(d => tags is null || DocumentTags.Split(d.Tags).Any(tags.Contains))
            .Select(d => d.Id)
            .ToHashSet();
    }

    private async Task<List<SearchHit>> HitsAsync(Retrieval retrieval, CancellationToken cancellationToken)
    {
        var ids = retrieval.Chunks.Select(c => c.ChunkId).ToList();
        var rows = await db.Chunks.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Join(db.Documents, c => c.DocumentId, d => d.Id, (c, d) => new { Chunk = c, Title = d.Title ?? d.FileName })
            .ToDictionaryAsync(r => r.Chunk.Id, cancellationToken);
        var lexicalOnly = retrieval.Mode == SearchMode.Lexical;
        return retrieval.Chunks
            .Where(c => rows.ContainsKey(c.ChunkId))
            .Select(c =>
            {
                var row = rows[c.ChunkId];
                return new SearchHit(
                    c.ChunkId, c.DocumentId, row.Title, row.Chunk.Page, row.Chunk.StartOffset, row.Chunk.EndOffset,
                    row.Chunk.HeadingPath, row.Chunk.Text, c.Score, c.Ranks[0], lexicalOnly ? null : c.Ranks[1]);
            })
            .ToList();
    }
}
