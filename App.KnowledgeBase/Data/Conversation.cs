namespace App.KnowledgeBase.Data;

public sealed class Conversation
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UserId { get; set; }
    public Guid CollectionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
