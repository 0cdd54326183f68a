using App.Rag.Indexing;

namespace App.Rag.Search;

/// <summary>
/// Reciprocal rank fusion (Cormack et al. 2009): score = sum over lists of weight / (k + rank). Only ranks matter, so
/// BM25 scores and cosine similarities combine without calibrating one against the other.
/// </summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    /// <param name="weights">One per list; every list weighs 1 when null.</param>
    public static IReadOnlyList<FusedChunk> Fuse(IReadOnlyList<IReadOnlyList<ScoredChunk>> rankings, int k = DefaultK, IReadOnlyList<double>? weights = null)
    {
        var fused = new Dictionary<Guid, FusedChunk>();
        for (var list = 0; list < rankings.Count; list++)
        {
            for (var position = 0; position < rankings[list].Count; position++)
            {
                var chunk = rankings[list][position];
                var entry = fused.GetValueOrDefault(chunk.ChunkId) ?? new FusedChunk(chunk.ChunkId, chunk.DocumentId, 0, new int?[rankings.Count]);
                entry.Ranks[list] = position + 1;
                fused[chunk.ChunkId] = entry with { Score = entry.Score + ((weights?[list] ?? 1.0) / (k + position + 1)) };
            }
        }

        return fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.Ranks.Min(r => r ?? int.MaxValue)).ToList();
    }
}

/// <summary>A fused result; <see cref="Ranks"/> holds its 1-based rank in each input list (null where absent).</summary>
public sealed record FusedChunk(Guid ChunkId, Guid DocumentId, double Score, int?[] Ranks);
