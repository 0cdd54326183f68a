using App.Rag.VectorStore;
using Microsoft.Extensions.VectorData;

namespace App.Rag.Tests.VectorStore;

/// <summary>
/// What every chunk collection does, run against each implementation: the embedded one always, Qdrant where
/// <c>ConnectionStrings__vectors</c> names a server (otherwise each test reports itself skipped, with the reason).
/// Four-dimensional vectors keep the geometry readable: the query (1, 0, 0, 0) is nearest to "east", then "north-east".
/// </summary>
public abstract class ChunkCollectionContract : IAsyncLifetime
{
    protected const int Dimensions = 4;

    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid CollectionA = Guid.NewGuid();
    private static readonly Guid CollectionB = Guid.NewGuid();
    private static readonly Guid DocumentA1 = Guid.NewGuid();
    private static readonly Guid DocumentA2 = Guid.NewGuid();
    private static readonly Guid DocumentB1 = Guid.NewGuid();

    private readonly ChunkVectorRecord _east = Chunk(CollectionA, DocumentA1, "east", 1, 0, 0, 0);
    private readonly ChunkVectorRecord _northEast = Chunk(CollectionA, DocumentA1, "north-east", 1, 1, 0, 0);
    private readonly ChunkVectorRecord _north = Chunk(CollectionA, DocumentA2, "north", 0, 1, 0, 0);
    private readonly ChunkVectorRecord _west = Chunk(CollectionA, DocumentA2, "west", -1, 0, 0, 0);
    private readonly ChunkVectorRecord _otherCollection = Chunk(CollectionB, DocumentB1, "east, elsewhere", 1, 0, 0.1f, 0);
    private ChunkCollection? _collection;

    /// <summary>Why this implementation cannot run here; null when it can.</summary>
    protected abstract string? SkipReason { get; }

    protected abstract ChunkCollection Create(string name, int dimensions);

    private ChunkCollection Collection
    {
        get
        {
            Skip.If(SkipReason is not null, SkipReason);
            return _collection!;
        }
    }

    public async Task InitializeAsync()
    {
        if (SkipReason is null)
        {
            _collection = Create($"contract-{Guid.NewGuid():N}", Dimensions);
            await _collection.EnsureCollectionExistsAsync();
        }
    }

    public virtual async Task DisposeAsync()
    {
        if (_collection is not null)
        {
            await _collection.EnsureCollectionDeletedAsync();
            _collection.Dispose();
        }
    }

    [SkippableFact]
    public async Task An_upserted_chunk_comes_back_by_key_with_every_field()
    {
        await Collection.UpsertAsync(_northEast);

        var found = await Collection.GetAsync(_northEast.Key);

        Assert.NotNull(found);
        Assert.Equal(_northEast.Key, found.Key);
        Assert.Equal(Tenant, found.TenantId);
        Assert.Equal(CollectionA, found.CollectionId);
        Assert.Equal(DocumentA1, found.DocumentId);
        Assert.Equal((3, 30, 40), (found.Page, found.Start, found.End));
        Assert.Equal("north-east", found.Text);
        Assert.Null(found.Vector);
        Assert.Null(await Collection.GetAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task Vectors_come_back_only_when_asked_and_unit_length()
    {
        await Collection.UpsertAsync(_northEast);

        var found = await Collection.GetAsync(_northEast.Key, new RecordRetrievalOptions { IncludeVectors = true });

        var half = MathF.Sqrt(0.5f);
        Assert.Equal([half, half, 0, 0], found!.Vector!.Value.ToArray(), (a, b) => MathF.Abs(a - b) < 1e-5f);
    }

    [SkippableFact]
    public async Task Search_returns_the_nearest_chunks_first_with_cosine_scores()
    {
        await Collection.UpsertAsync([_west, _north, _east, _northEast]);

        var results = await Collection.SearchAsync(new float[] { 2, 0, 0, 0 }, top: 3).ToListAsync();

        Assert.Equal(["east", "north-east", "north"], results.Select(r => r.Record.Text));
        Assert.Equal(1.0, results[0].Score!.Value, 4);
        Assert.Equal(Math.Sqrt(0.5), results[1].Score!.Value, 4);
        Assert.Equal(0.0, results[2].Score!.Value, 4);
    }

    [SkippableFact]
    public async Task Search_skips_and_applies_a_score_threshold()
    {
        await Collection.UpsertAsync([_west, _north, _east, _northEast]);

        var skipped = await Collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions<ChunkVectorRecord> { Skip = 1 }).ToListAsync();
        var close = await Collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 4, new VectorSearchOptions<ChunkVectorRecord> { ScoreThreshold = 0.5 }).ToListAsync();

        Assert.Equal(["north-east", "north"], skipped.Select(r => r.Record.Text));
        Assert.Equal(["east", "north-east"], close.Select(r => r.Record.Text));
    }

    [SkippableFact]
    public async Task Search_filters_by_collection_and_document()
    {
        await Collection.UpsertAsync([_east, _northEast, _north, _west, _otherCollection]);
        var document = DocumentA2;

        var inCollection = await Collection.SearchAsync(
            new float[] { 1, 0, 0, 0 }, 10, new VectorSearchOptions<ChunkVectorRecord> { Filter = r => r.CollectionId == CollectionB }).ToListAsync();
        var inDocument = await Collection.SearchAsync(
            new float[] { 1, 0, 0, 0 }, 10,
            new VectorSearchOptions<ChunkVectorRecord> { Filter = r => r.TenantId == Tenant && r.CollectionId == CollectionA && r.DocumentId == document }).ToListAsync();

        Assert.Equal(["east, elsewhere"], inCollection.Select(r => r.Record.Text));
        Assert.Equal(["north", "west"], inDocument.Select(r => r.Record.Text));
    }

    [SkippableFact]
    public async Task A_filtered_get_returns_the_matching_chunks()
    {
        await Collection.UpsertAsync([_east, _northEast, _north, _west, _otherCollection]);

        var found = await Collection.GetAsync(r => r.DocumentId == DocumentA1, top: 10).ToListAsync();

        Assert.Equal(["east", "north-east"], found.Select(r => r.Text).Order());
    }

    [SkippableFact]
    public async Task Upsert_replaces_the_chunk_with_the_same_key()
    {
        await Collection.UpsertAsync([_east, _north]);

        await Collection.UpsertAsync(Chunk(CollectionA, DocumentA1, "now west", -1, 0, 0, 0, _east.Key));
        var results = await Collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 10).ToListAsync();

        Assert.Equal("now west", (await Collection.GetAsync(_east.Key))!.Text);
        Assert.Equal(["north", "now west"], results.Select(r => r.Record.Text));
    }

    [SkippableFact]
    public async Task Deleted_chunks_are_gone_from_get_and_search()
    {
        await Collection.UpsertAsync([_east, _northEast, _north]);

        await Collection.DeleteAsync([_east.Key, _north.Key]);
        var results = await Collection.SearchAsync(new float[] { 1, 0, 0, 0 }, 10).ToListAsync();

        Assert.Null(await Collection.GetAsync(_east.Key));
        Assert.Equal(["north-east"], results.Select(r => r.Record.Text));
    }

    [SkippableFact]
    public async Task Vectors_of_another_length_are_rejected_before_anything_is_written()
    {
        var collection = Collection;
        var wrong = Chunk(CollectionA, DocumentA1, "five", 1, 0, 0, 0, null, 1);

        await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([_east, wrong]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await collection.SearchAsync(new float[] { 1, 0, 0 }, 1).ToListAsync());
        Assert.Null(await collection.GetAsync(_east.Key));
    }

    [SkippableFact]
    public async Task Filters_other_than_id_equality_are_refused_by_name()
    {
        var collection = Collection;

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync(
            new float[] { 1, 0, 0, 0 }, 1, new VectorSearchOptions<ChunkVectorRecord> { Filter = r => r.Text == "east" }).ToListAsync());

        Assert.Contains("DocumentId", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync(
            new float[] { 1, 0, 0, 0 }, 1, new VectorSearchOptions<ChunkVectorRecord> { Filter = r => r.DocumentId == r.CollectionId }).ToListAsync());
    }

    [SkippableFact]
    public async Task Text_is_not_a_search_value_the_collection_embeds()
    {
        var collection = Collection;

        await Assert.ThrowsAsync<NotSupportedException>(async () => await collection.SearchAsync("east", 1).ToListAsync());
    }

    private static ChunkVectorRecord Chunk(Guid collection, Guid document, string text, params float[] vector) =>
        Chunk(collection, document, text, vector[0], vector[1], vector[2], vector[3]);

    private static ChunkVectorRecord Chunk(
        Guid collection, Guid document, string text, float x, float y, float z, float w, Guid? key = null, int extra = 0) => new()
    {
        Key = key ?? Guid.NewGuid(),
        TenantId = Tenant,
        CollectionId = collection,
        DocumentId = document,
        Page = 3,
        Start = 30,
        End = 40,
        Text = text,
        Vector = new[] { x, y, z, w }.Concat(Enumerable.Repeat(1f, extra)).ToArray(),
    };
}
