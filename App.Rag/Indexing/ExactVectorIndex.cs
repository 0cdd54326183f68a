using System.Numerics.Tensors;

namespace App.Rag.Indexing;

/// <summary>
/// Exact search over unit vectors kept in one contiguous array: cosine similarity is then a SIMD dot product
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>). Removal swaps the last row into the hole.
/// Not thread-safe: <see cref="VectorStore.EmbeddedChunkCollection"/> serializes access.
/// </summary>
public sealed class ExactVectorIndex
{
    private float[] _vectors = [];
    private readonly List<(Guid ChunkId, Guid DocumentId)> _rows = [];
    private readonly Dictionary<Guid, int> _rowOfChunk = [];
    private int _dimensions;

    public int Count => _rows.Count;

    public void Add(Guid chunkId, Guid documentId, ReadOnlyMemory<float> vector)
    {
        if (_dimensions == 0)
        {
            _dimensions = vector.Length;
        }
        else if (vector.Length != _dimensions)
        {
            throw new ArgumentException($"Expected {_dimensions} dimensions, got {vector.Length}.", nameof(vector));
        }

        if (_rowOfChunk.ContainsKey(chunkId))
        {
            throw new ArgumentException($"Chunk {chunkId} is already indexed.", nameof(chunkId));
        }

        if ((_rows.Count + 1) * _dimensions > _vectors.Length)
        {
            Array.Resize(ref _vectors, Math.Max(_dimensions * 64, _vectors.Length * 2));
        }

        var row = _vectors.AsSpan(_rows.Count * _dimensions, _dimensions);
        Normalize(vector.Span, row);
        _rowOfChunk[chunkId] = _rows.Count;
        _rows.Add((chunkId, documentId));
    }

    public void Remove(Guid chunkId)
    {
        if (_rowOfChunk.TryGetValue(chunkId, out var row))
        {
            RemoveRow(row);
        }
    }

    public void RemoveDocument(Guid documentId)
    {
        for (var i = _rows.Count - 1; i >= 0; i--)
        {
            if (_rows[i].DocumentId == documentId)
            {
                RemoveRow(i);
            }
        }
    }

    public void Clear()
    {
        _rows.Clear();
        _rowOfChunk.Clear();
        _vectors = [];
        _dimensions = 0;
    }

    /// <summary>A copy of the chunk's stored (unit-length) vector; null when it is not indexed.</summary>
    public float[]? Vector(Guid chunkId) =>
        _rowOfChunk.TryGetValue(chunkId, out var row) ? _vectors.AsSpan(row * _dimensions, _dimensions).ToArray() : null;

    /// <param name="filter">Given the chunk and document ids of a row; null searches every row.</param>
    public IReadOnlyList<ScoredChunk> Search(ReadOnlySpan<float> query, int top, Func<Guid, Guid, bool>? filter = null)
    {
        if (_rows.Count == 0 || top <= 0 || query.Length != _dimensions)
        {
            return [];
        }

        Span<float> unit = query.Length <= 4096 ? stackalloc float[query.Length] : new float[query.Length];
        Normalize(query, unit);
        var heap = new PriorityQueue<int, float>(top);
        for (var i = 0; i < _rows.Count; i++)
        {
            if (filter is not null && !filter(_rows[i].ChunkId, _rows[i].DocumentId))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(unit, _vectors.AsSpan(i * _dimensions, _dimensions));
            // Most rows score below the current top: compare with the heap's minimum instead of pushing and popping each.
            if (heap.Count < top)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.DequeueEnqueue(i, score);
            }
        }

        var result = new List<ScoredChunk>(heap.Count);
        while (heap.TryDequeue(out var row, out var score))
        {
            result.Add(new ScoredChunk(_rows[row].ChunkId, _rows[row].DocumentId, score));
        }

        result.Reverse();
        return result;
    }

    private void RemoveRow(int row)
    {
        var last = _rows.Count - 1;
        _rowOfChunk.Remove(_rows[row].ChunkId);
        if (row != last)
        {
            _vectors.AsSpan(last * _dimensions, _dimensions).CopyTo(_vectors.AsSpan(row * _dimensions, _dimensions));
            _rows[row] = _rows[last];
            _rowOfChunk[_rows[row].ChunkId] = row;
        }

        _rows.RemoveAt(last);
    }

    private static void Normalize(ReadOnlySpan<float> vector, Span<float> destination)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm == 0)
        {
            destination.Clear();
            return;
        }

        TensorPrimitives.Divide(vector, norm, destination);
    }
}
