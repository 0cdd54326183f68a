namespace App.KnowledgeBase.Data;

public sealed class Collection
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Bumped whenever the collection's chunks change, so every replica knows when its in-memory index is stale.</summary>
    public long IndexVersion { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
