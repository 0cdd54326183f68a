namespace App.KnowledgeBase.Data;

/// <summary>One question and its answer; both are ciphertext from ASP.NET Core Data Protection, never plain text.</summary>
public sealed class ConversationTurn
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }
    public int Ordinal { get; set; }
    public required string ProtectedQuestion { get; set; }
    public required string ProtectedAnswer { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
