using System.Buffers;

namespace App.Rag.Indexing;

/// <summary>
/// An in-memory inverted index ranked with Okapi BM25 (k1 1.2, b 0.75, Lucene's non-negative idf).
/// Chunks are added and removed in place; removed slots are tombstones that postings skip, and the index compacts
/// itself when they outnumber the live ones. Not thread-safe: <see cref="CollectionIndex"/> serializes access.
/// </summary>
public sealed class Bm25Index
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    private readonly List<Slot?> _slots = [];
    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<int>> _slotsByDocument = [];
    private long _totalLength;
    private int _live;

    public int Count => _live;

    public void Add(IndexedChunk chunk)
    {
        var terms = Tokenizer.Tokenize(chunk.Text);
        var slot = _slots.Count;
        _slots.Add(new Slot(chunk.ChunkId, chunk.DocumentId, terms.Count));
        foreach (var (term, frequency) in terms.CountBy(t => t))
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                _postings[term] = list = [];
            }

            list.Add(new Posting(slot, frequency));
        }

        (_slotsByDocument.TryGetValue(chunk.DocumentId, out var slots) ? slots : _slotsByDocument[chunk.DocumentId] = []).Add(slot);
        _totalLength += terms.Count;
        _live++;
    }

    public void RemoveDocument(Guid documentId)
    {
        if (!_slotsByDocument.Remove(documentId, out var slots))
        {
            return;
        }

        foreach (var slot in slots)
        {
            _totalLength -= _slots[slot]!.Length;
            _slots[slot] = null;
            _live--;
        }

        if (_slots.Count > 64 && _live < _slots.Count / 2)
        {
            Compact();
        }
    }

    /// <summary>Inverse document frequency of a query term, or 0 when no chunk holds it.</summary>
    public double Idf(string term)
    {
        if (!_postings.TryGetValue(term, out var list))
        {
            return 0;
        }

        var frequency = list.Count(p => _slots[p.Slot] is not null);
        return frequency == 0 ? 0 : Math.Log(1 + ((_live - frequency + 0.5) / (frequency + 0.5)));
    }

    /// <summary>The idf of a term found in a single chunk: the weight a query term the index has never seen deserves.</summary>
    public double RareTermIdf => Math.Log(1 + ((Math.Max(_live, 1) - 1 + 0.5) / 1.5));

    public IReadOnlyList<ScoredChunk> Search(string query, int top, Func<Guid, bool>? documentFilter = null)
    {
        if (_live == 0 || top <= 0)
        {
            return [];
        }

        var averageLength = Math.Max(1.0, (double)_totalLength / _live);
        var scores = ArrayPool<double>.Shared.Rent(_slots.Count);
        Array.Clear(scores, 0, _slots.Count);
        var touched = new List<int>();
        try
        {
            foreach (var term in Tokenizer.Tokenize(query).Distinct())
            {
                var idf = Idf(term);
                if (idf <= 0)
                {
                    continue;
                }

                foreach (var posting in _postings[term])
                {
                    if (_slots[posting.Slot] is not { } slot)
                    {
                        continue;
                    }

                    // Every contribution is positive, so zero means "not seen yet".
                    if (scores[posting.Slot] == 0)
                    {
                        touched.Add(posting.Slot);
                    }

                    var tf = posting.Frequency;
                    var norm = tf + (K1 * (1 - B + (B * slot.Length / averageLength)));
                    scores[posting.Slot] += idf * tf * (K1 + 1) / norm;
                }
            }

            return TopScores(scores, touched, top, documentFilter);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    /// <summary>A bounded min-heap keeps the best <paramref name="top"/> without sorting every match.</summary>
    private List<ScoredChunk> TopScores(double[] scores, List<int> touched, int top, Func<Guid, bool>? documentFilter)
    {
        var heap = new PriorityQueue<int, double>(top);
        foreach (var slot in touched)
        {
            if (documentFilter is not null && !documentFilter(_slots[slot]!.DocumentId))
            {
                continue;
            }

            if (heap.Count < top)
            {
                heap.Enqueue(slot, scores[slot]);
            }
            else if (heap.TryPeek(out _, out var lowest) && scores[slot] > lowest)
            {
                heap.DequeueEnqueue(slot, scores[slot]);
            }
        }

        var result = new List<ScoredChunk>(heap.Count);
        while (heap.TryDequeue(out var slot, out var score))
        {
            result.Add(new ScoredChunk(_slots[slot]!.ChunkId, _slots[slot]!.DocumentId, score));
        }

        result.Reverse();
        return result;
    }

    private void Compact()
    {
        var remap = new int[_slots.Count];
        var live = new List<Slot?>(_live);
        for (var i = 0; i < _slots.Count; i++)
        {
            remap[i] = _slots[i] is null ? -1 : live.Count;
            if (_slots[i] is not null)
            {
                live.Add(_slots[i]);
            }
        }

        foreach (var (term, list) in _postings.ToList())
        {
            var kept = list.Where(p => remap[p.Slot] >= 0).Select(p => p with { Slot = remap[p.Slot] }).ToList();
            if (kept.Count == 0)
            {
                _postings.Remove(term);
            }
            else
            {
                _postings[term] = kept;
            }
        }

        foreach (var slots in _slotsByDocument.Values)
        {
            for (var i = 0; i < slots.Count; i++)
            {
                slots[i] = remap[slots[i]];
            }
        }

        _slots.Clear();
        _slots.AddRange(live);
    }

    private sealed record Slot(Guid ChunkId, Guid DocumentId, int Length);

    private readonly record struct Posting(int Slot, int Frequency);
}
