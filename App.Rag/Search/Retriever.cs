using App.Rag.Indexing;

namespace App.Rag.Search;

/// <summary>
/// Candidates from the lexical index, and from the dense one when a query vector is given, fused with weighted RRF.
/// Pure over a <see cref="CollectionIndex"/>: the API, the evaluation and the benchmark all rank through here.
/// </summary>
public static class Retriever
{
    public static Retrieval Retrieve(
        CollectionIndex index, string query, float[]? queryVector, int top, Func<Guid, bool>? documentFilter, FusionOptions? fusion = null)
    {
        fusion ??= new FusionOptions();
        // Deeper candidate lists than asked for: fusion can promote a chunk that only one list ranks highly.
        var depth = Math.Max(top * 4, 40);
        var lexical = index.SearchLexical(query, depth, documentFilter);
        if (queryVector is null || !index.HasVectors)
        {
            return new Retrieval(SearchMode.Lexical, ReciprocalRankFusion.Fuse([lexical], fusion.K).Take(top).ToList());
        }

        var dense = index.SearchDense(queryVector, depth, documentFilter);
        return new Retrieval(SearchMode.Hybrid, ReciprocalRankFusion.Fuse([lexical, dense], fusion.K, [fusion.LexicalWeight, fusion.DenseWeight]).Take(top).ToList());
    }
}

public sealed record Retrieval(SearchMode Mode, IReadOnlyList<FusedChunk> Chunks);

public enum SearchMode
{
    Lexical,
    Hybrid,
}
