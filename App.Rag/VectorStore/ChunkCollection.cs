using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace App.Rag.VectorStore;

/// <summary>
/// What the two chunk collections share: the query vector from what a caller passes, the dimension check, and the
/// members neither supports. Scores are cosine similarities, higher is nearer; stored vectors come back unit-length
/// (Qdrant normalizes vectors of a cosine collection on upsert, the embedded index does the same).
/// </summary>
public abstract class ChunkCollection(string name, int? dimensions) : VectorStoreCollection<Guid, ChunkVectorRecord>
{
    public override string Name { get; } = name;

    /// <summary>The vector length; null until the first upsert fixes it (the embedded index loaded from the database).</summary>
    public int? Dimensions { get; protected set; } = dimensions;

    public override async Task<ChunkVectorRecord?> GetAsync(Guid key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        await foreach (var record in GetAsync([key], options, cancellationToken))
        {
            return record;
        }

        return null;
    }

    public override Task DeleteAsync(Guid key, CancellationToken cancellationToken = default) => DeleteAsync([key], cancellationToken);

    public override Task UpsertAsync(ChunkVectorRecord record, CancellationToken cancellationToken = default) => UpsertAsync([record], cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <exception cref="ArgumentException">No vector, or one of another length than the collection's.</exception>
    protected ReadOnlyMemory<float> CheckedVector(ChunkVectorRecord record)
    {
        var vector = record.Vector ?? throw new ArgumentException($"Chunk {record.Key} has no vector.", nameof(record));
        Dimensions ??= vector.Length;
        return vector.Length == Dimensions
            ? vector
            : throw new ArgumentException($"Collection '{Name}' holds {Dimensions}-dimensional vectors; chunk {record.Key} has {vector.Length}.", nameof(record));
    }

    /// <exception cref="NotSupportedException">The search value is not a vector (text needs an embedding generator first).</exception>
    protected ReadOnlyMemory<float> QueryVector<TInput>(TInput searchValue)
    {
        ReadOnlyMemory<float> vector = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            null => throw new ArgumentNullException(nameof(searchValue)),
            _ => throw new NotSupportedException(
                $"Collection '{Name}' searches by vector (ReadOnlyMemory<float>, float[] or Embedding<float>), not by {typeof(TInput).Name}: embed the query first."),
        };
        return Dimensions is { } expected && vector.Length != expected
            ? throw new ArgumentException($"Collection '{Name}' holds {expected}-dimensional vectors; the query has {vector.Length}.", nameof(searchValue))
            : vector;
    }

    protected static NotSupportedException OrderingNotSupported() =>
        new("Chunk collections return filtered records in no particular order: OrderBy is not supported.");
}
