using App.KnowledgeBase.Data;

namespace App.Rag.Apis;

public sealed record CreateCollectionRequest(string Name, string? Description);

public sealed record CollectionResponse(Guid Id, string Name, string? Description, DateTimeOffset CreatedAt)
{
    public static CollectionResponse From(Collection c) => new(c.Id, c.Name, c.Description, c.CreatedAt);
}
