using App.Rag.Search;

namespace App.Rag.Apis;

public sealed record SearchRequest(string Query, int? Top, SearchFilters? Filters);

/// <param name="Mode">lexical, or hybrid when an embedding model is configured and the collection has vectors.</param>
public sealed record SearchResponse(string Mode, IReadOnlyList<SearchHit> Hits);
