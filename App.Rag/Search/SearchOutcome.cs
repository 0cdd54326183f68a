using App.Rag.Indexing;

namespace App.Rag.Search;

/// <summary>The hits and the index they came from (answers weigh query terms with its statistics).</summary>
public sealed record SearchOutcome(SearchMode Mode, IReadOnlyList<SearchHit> Hits, CollectionIndex Index);
