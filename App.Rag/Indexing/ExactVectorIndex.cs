using System.Numerics.Tensors;

namespace App.Rag.Indexing;

/// <summary>
/// Exact search over unit vectors kept in one contiguous array: cosine similarity is then a SIMD dot product
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>). Removal swaps the last row into the hole.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    private float[] _vectors = [];
    private readonly List<(Guid ChunkId, Guid DocumentId)> _rows = [];
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

        if ((_rows.Count + 1) * _dimensions > _vectors.Length)
        {
            Array.Resize(ref _vectors, Math.Max(_dimensions * 64, _vectors.Length * 2));
        }

        var row = _vectors.AsSpan(_rows.Count * _dimensions, _dimensions);
        Normalize(vector.Span, row);
        _rows.Add((chunkId, documentId));
    }

    public void RemoveDocument(Guid documentId)
    {
        for (var i = _rows.Count - 1; i >= 0; i--)
        {
            if (_rows[i].DocumentId != documentId)
            {
                continue;
            }

            var last = _rows.Count - 1;
            _vectors.AsSpan(last * _dimensions, _dimensions).CopyTo(_vectors.AsSpan(i * _dimensions, _dimensions));
            _rows[i] = _rows[last];
            _rows.RemoveAt(last);
        }
    }

    public IReadOnlyList<ScoredChunk> Search(ReadOnlySpan<float> query, int top, Func<Guid, bool>? documentFilter = null)
    {
        if (_rows.Count == 0 || top <= 0 || query.Length != _dimensions)
        {
            return [];
        }

        Span<float> unit = query.Length <= 4096 ? stackalloc float[query.Length] : new float[query.Length];
        Normalize(query, unit);
        var heap = new PriorityQueue<int, float>(top + 1);
        for (var i = 0; i < _rows.Count; i++)
        {
            if (documentFilter is not null && !documentFilter(_rows[i].DocumentId))
            {
                continue;
            }

            heap.Enqueue(i, TensorPrimitives.Dot(unit, _vectors.AsSpan(i * _dimensions, _dimensions)));
            if (heap.Count > top)
            {
                heap.Dequeue();
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
