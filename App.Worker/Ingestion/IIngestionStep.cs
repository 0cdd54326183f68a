using App.KnowledgeBase.Data;

namespace App.Worker.Ingestion;

/// <summary>
/// One step of ingestion (<see cref="ExtractStep"/>, <see cref="ChunkStep"/>, <see cref="EmbedStep"/>,
/// <see cref="IndexStep"/>), run in that order by <see cref="IngestionJobRunner"/>. A step stores its result and stamps
/// the document in the same save, so the next step starts only from recorded state; a step already stamped is skipped,
/// so a retried job or a restarted worker resumes where the last one stopped.
/// </summary>
public interface IIngestionStep
{
    /// <summary>One of <c>IngestionSteps</c>: shown by the API and recorded as the failed step.</summary>
    string Name { get; }

    bool IsDone(Document document);

    /// <summary>Runs the step for a document of the context's tenant; <c>ExtractionException</c> means the document cannot be ingested.</summary>
    Task RunAsync(Document document, CancellationToken cancellationToken);
}

/// <summary>Stamps and saves a document (its <see cref="Document.UpdatedAt"/> too) with the step's other changes.</summary>
internal static class DocumentSaves
{
    public static Task SaveAsync(this RagDbContext db, Document document, TimeProvider time, CancellationToken cancellationToken)
    {
        document.UpdatedAt = time.GetUtcNow();
        return db.SaveChangesAsync(cancellationToken);
    }
}
