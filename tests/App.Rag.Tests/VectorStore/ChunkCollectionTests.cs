using App.Rag.VectorStore;
using Qdrant.Client;

namespace App.Rag.Tests.VectorStore;

/// <summary>The contract against the in-process collection (the dense half of every CollectionIndex).</summary>
public sealed class EmbeddedChunkCollectionTests : ChunkCollectionContract
{
    protected override string? SkipReason => null;

    protected override ChunkCollection Create(string name, int dimensions) => new EmbeddedChunkCollection(name, dimensions);
}

/// <summary>
/// The contract against a Qdrant server named by <c>ConnectionStrings__vectors</c> (<c>Endpoint=http://host:6334;Key=...</c>),
/// in a collection of its own that is deleted afterwards. No Qdrant server is installable from the registries these
/// machines reach, so without the variable every test here reports itself skipped.
/// </summary>
public sealed class QdrantChunkCollectionTests : ChunkCollectionContract
{
    private static readonly string? Configured = Environment.GetEnvironmentVariable("ConnectionStrings__vectors");
    private QdrantClient? _client;

    protected override string? SkipReason => string.IsNullOrWhiteSpace(Configured)
        ? "ConnectionStrings__vectors names no Qdrant endpoint (no Qdrant server exists in these registries)"
        : null;

    protected override ChunkCollection Create(string name, int dimensions)
    {
        var connection = VectorStoreConnection.Parse(Configured!);
        _client = new QdrantClient(connection.Endpoint, connection.Key);
        return new QdrantChunkCollection(_client, name, dimensions);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _client?.Dispose();
    }
}
