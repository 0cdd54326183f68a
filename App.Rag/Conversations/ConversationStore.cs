using App.KnowledgeBase.Data;
using App.Rag.Answers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace App.Rag.Conversations;

/// <summary>
/// Conversations of one user in one collection. Questions and answers are encrypted with ASP.NET Core Data Protection
/// before they reach the database: a database dump or backup does not reveal what users asked.
/// </summary>
public sealed class ConversationStore(RagDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("App.Rag.Conversations.v1");

    /// <returns>Null unless the conversation belongs to this user and collection (the tenant is the context's scope).</returns>
    public Task<Conversation?> FindAsync(Guid conversationId, Guid collectionId, string userId, CancellationToken cancellationToken) =>
        db.Conversations.FirstOrDefaultAsync(
            c => c.Id == conversationId && c.CollectionId == collectionId && c.UserId == userId, cancellationToken);

    public async Task<Conversation> StartAsync(Guid tenantId, Guid collectionId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(), TenantId = tenantId, CollectionId = collectionId, UserId = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation;
    }

    public async Task<ConversationContext?> LastTurnAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var turn = await db.ConversationTurns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderByDescending(t => t.Ordinal)
            .FirstOrDefaultAsync(cancellationToken);
        return turn is null ? null : new ConversationContext(_protector.Unprotect(turn.ProtectedQuestion), _protector.Unprotect(turn.ProtectedAnswer));
    }

    public async Task<IReadOnlyList<ConversationContext>> TurnsAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var turns = await db.ConversationTurns.AsNoTracking()
            .Where(t => t.ConversationId == conversationId)
            .OrderBy(t => t.Ordinal)
            .ToListAsync(cancellationToken);
        return turns.Select(t => new ConversationContext(_protector.Unprotect(t.ProtectedQuestion), _protector.Unprotect(t.ProtectedAnswer))).ToList();
    }

    public async Task AppendAsync(Conversation conversation, string question, string answer, CancellationToken cancellationToken)
    {
        var ordinal = await db.ConversationTurns.CountAsync(t => t.ConversationId == conversation.Id, cancellationToken);
        var now = time.GetUtcNow();
        db.ConversationTurns.Add(new ConversationTurn
        {
            Id = Guid.CreateVersion7(),
            TenantId = conversation.TenantId,
            ConversationId = conversation.Id,
            Ordinal = ordinal,
            ProtectedQuestion = _protector.Protect(question),
            ProtectedAnswer = _protector.Protect(answer),
            CreatedAt = now,
        });
        conversation.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }
}
