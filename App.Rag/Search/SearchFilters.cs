namespace App.Rag.Search;

/// <summary>Restricts results to these documents and/or to documents carrying at least one of these tags.</summary>
public sealed record SearchFilters(IReadOnlyList<Guid>? DocumentIds = null, IReadOnlyList<string>? Tags = null)
{
    public bool IsEmpty => (DocumentIds is null || DocumentIds.Count == 0) && (Tags is null || Tags.Count == 0);
}
