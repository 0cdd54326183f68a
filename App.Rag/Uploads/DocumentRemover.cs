using App.KnowledgeBase.Data;
using App.Rag.Indexing;
using App.Storage;
using Microsoft.EntityFrameworkCore;

namespace App.Rag.Uploads;

/// <summary>Deletes documents with their text, chunks and vectors, so no search or answer can show them afterwards.</summary>
public sealed class DocumentRemover(RagDbContext db, IBlobStore blobs, CollectionIndexCache cache)
{
    /// <returns>False when the document does not exist in this collection for this tenant.</returns>
    public async Task<bool> RemoveDocumentAsync(Guid collectionId, Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == documentId && d.CollectionId == collectionId, cancellationToken);
        if (document is null)
        {
            return false;
        }

        long version;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Chunks.Where(c => c.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
            await db.DocumentTexts.Where(t => t.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
            await db.Documents.Where(d => d.Id == documentId).ExecuteDeleteAsync(cancellationToken);
            version = await CollectionVersions.BumpAsync(db, collectionId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        cache.Apply(collectionId, version, index => index.RemoveDocument(documentId));
        await blobs.DeleteAsync(document.BlobKey, CancellationToken.None);
        return true;
    }

    /// <returns>False when the collection does not exist for this tenant.</returns>
    public async Task<bool> RemoveCollectionAsync(Guid collectionId, CancellationToken cancellationToken)
    {
        if (!await db.Collections.AnyAsync(c => c.Id == collectionId, cancellationToken))
        {
            return false;
        }

        var blobKeys = await db.Documents.Where(d => d.CollectionId == collectionId).Select(d => d.BlobKey).ToListAsync(cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var conversations = db.Conversations.Where(c => c.CollectionId == collectionId).Select(c => c.Id);
            await db.ConversationTurns.Where(t => conversations.Contains(t.ConversationId)).ExecuteDeleteAsync(cancellationToken);
            await db.Conversations.Where(c => c.CollectionId == collectionId).ExecuteDeleteAsync(cancellationToken);
            await db.Chunks.Where(c => c.CollectionId == collectionId).ExecuteDeleteAsync(cancellationToken);
            var documents = db.Documents.Where(d => d.CollectionId == collectionId).Select(d => d.Id);
            await db.DocumentTexts.Where(t => documents.Contains(t.DocumentId)).ExecuteDeleteAsync(cancellationToken);
            await db.Documents.Where(d => d.CollectionId == collectionId).ExecuteDeleteAsync(cancellationToken);
            await db.Collections.Where(c => c.Id == collectionId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        cache.Evict(collectionId);
        foreach (var key in blobKeys)
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
        }

        return true;
    }
}
