using App.Data;

namespace App.Rag.Data;

/// <summary>Brings the RAG tables up to date; safe when several replicas start at once against one database.</summary>
public static class RagSchema
{
    public static Task MigrateAsync(RagDbContext db, CancellationToken cancellationToken = default) =>
        db.MigrateSerializedAsync(RagLocks.Schema, cancellationToken);
}
