using Microsoft.EntityFrameworkCore;

namespace App.KnowledgeBase.Data;

public static class CollectionVersions
{
    /// <summary>
    /// Increments the collection's index version and returns the new value. Called inside the transaction that changes
    /// the chunks: the row lock keeps two changes from claiming the same version.
    /// </summary>
    public static async Task<long> BumpAsync(RagDbContext db, Guid collectionId, CancellationToken cancellationToken)
    {
        await db.Collections.Where(c => c.Id == collectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IndexVersion, c => c.IndexVersion + 1), cancellationToken);
        return await db.Collections.Where(c => c.Id == collectionId).Select(c => c.IndexVersion).FirstAsync(cancellationToken);
    }
}
