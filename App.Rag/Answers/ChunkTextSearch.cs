using System.Globalization;
using System.Runtime.CompilerServices;
using App.Rag.Search;
using App.Rag.VectorStore;
using Microsoft.SemanticKernel.Data;

namespace App.Rag.Answers;

/// <summary>
/// Retrieval as Semantic Kernel sees it: an <see cref="ITextSearch{TRecord}"/> of <see cref="SearchHit"/>s over one collection. It runs the hybrid search
/// (BM25 and the dense half, the collection's <see cref="VectorStore.EmbeddedChunkCollection"/>, fused by weighted RRF)
/// rather than SK's <c>VectorStoreTextSearch</c> over the vector collection alone: on the labeled set hybrid beats
/// dense-only (App.Rag/README.md), and the model must see what the search API returns, so an answer cites the chunks a
/// user can look up. <see cref="GetSearchResultsAsync"/> yields <see cref="SearchHit"/>s (page, span and ranks for the
/// citations); the filter takes equality on <see cref="SearchHit.DocumentId"/> (<c>h =&gt; h.DocumentId == id</c>).
/// </summary>
public sealed class ChunkTextSearch(SearchService search, Guid collectionId) : ITextSearch<SearchHit>
{
    /// <summary>Metadata key of the <see cref="SearchOutcome"/> behind the results (absent when the collection does not exist).</summary>
    public const string OutcomeKey = "outcome";

    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<SearchHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var outcome = await RunAsync(query, searchOptions, cancellationToken);
        return Results(outcome, hit => hit.Text);
    }

    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(
        string query, TextSearchOptions<SearchHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var outcome = await RunAsync(query, searchOptions, cancellationToken);
        return Results(outcome, hit => new TextSearchResult(hit.Text)
        {
            Name = hit.Title,
            Link = string.Create(CultureInfo.InvariantCulture, $"documents/{hit.DocumentId}#page={hit.Page}&start={hit.Start}&end={hit.End}"),
        });
    }

    public async Task<KernelSearchResults<SearchHit>> GetSearchResultsAsync(string query, TextSearchOptions<SearchHit>? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var outcome = await RunAsync(query, searchOptions, cancellationToken);
        return Results(outcome, hit => hit);
    }

    private async Task<SearchOutcome?> RunAsync(string query, TextSearchOptions<SearchHit>? options, CancellationToken cancellationToken)
    {
        options ??= new TextSearchOptions<SearchHit>();
        var equalities = ChunkFilter.Parse(options.Filter).Equalities;
        var documents = equalities.Select(e => e.Field == nameof(SearchHit.DocumentId)
            ? e.Value
            : throw new NotSupportedException($"Chunk text search filters only on {nameof(SearchHit.DocumentId)}.")).Distinct().ToList();
        if (documents.Count > 1)
        {
            // Equalities are joined by &&: two different documents match nothing.
            return null;
        }

        var outcome = await search.SearchAsync(
            collectionId, query, options.Top + options.Skip, documents.Count == 0 ? null : new SearchFilters(documents), cancellationToken);
        return outcome is null ? null : outcome with { Hits = outcome.Hits.Skip(options.Skip).ToList() };
    }

    private static KernelSearchResults<T> Results<T>(SearchOutcome? outcome, Func<SearchHit, T> map)
    {
        var hits = outcome?.Hits ?? [];
        var metadata = new Dictionary<string, object?>();
        if (outcome is not null)
        {
            metadata[OutcomeKey] = outcome;
        }

        return new KernelSearchResults<T>(Yield(hits.Select(map)), hits.Count, metadata);
    }

    private static async IAsyncEnumerable<T> Yield<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }
}
