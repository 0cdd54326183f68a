using App.Rag.Indexing;
using App.Rag.VectorStore;
using Microsoft.Extensions.VectorData;

namespace App.Rag.Tests.VectorStore;

/// <summary>The dense half of a collection's index is the vector store collection Semantic Kernel's seam names.</summary>
public sealed class CollectionIndexVectorsTests
{
    [Fact]
    public async Task The_index_vectors_answer_as_a_vector_store_collection_in_the_order_of_the_hybrid_dense_half()
    {
        var (collection, tenant, kept, removed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chunks = new[]
        {
            new IndexedChunk(Guid.NewGuid(), kept, "east"),
            new IndexedChunk(Guid.NewGuid(), kept, "north-east"),
            new IndexedChunk(Guid.NewGuid(), removed, "north"),
        };
        var index = new CollectionIndex(1, collection, tenant);
        index.Add(chunks, new Dictionary<Guid, float[]>
        {
            [chunks[0].ChunkId] = [1, 0, 0],
            [chunks[1].ChunkId] = [1, 1, 0],
            [chunks[2].ChunkId] = [0, 1, 0],
        });
        float[] query = [1, 0.1f, 0];

        var dense = index.SearchDense(query, 3, documentFilter: null).Select(c => c.ChunkId);
        var found = await index.Vectors.SearchAsync(
            query, 3, new VectorSearchOptions<ChunkVectorRecord> { Filter = r => r.TenantId == tenant && r.CollectionId == collection }).ToListAsync();
        index.RemoveDocument(removed);

        Assert.Equal(collection.ToString(), index.Vectors.Name);
        Assert.Equal(dense, found.Select(r => r.Record.Key));
        Assert.Equal(chunks.Select(c => c.ChunkId), found.Select(r => r.Record.Key));
        Assert.Equal(2, index.Vectors.Count);
        Assert.Null(await index.Vectors.GetAsync(chunks[2].ChunkId));
    }
}
