using System.Text.Json;
using App.Documents;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Storage;
using Microsoft.EntityFrameworkCore;

namespace App.Worker.Ingestion;

/// <summary>The uploaded file's text, pages and headings (App.Documents), stored in <see cref="DocumentText"/>.</summary>
public sealed class ExtractStep(RagDbContext db, IBlobStore blobs, DocumentExtraction extraction, TimeProvider time) : IIngestionStep
{
    public string Name => IngestionSteps.Extract;

    public bool IsDone(Document document) => document.ExtractedAt is not null;

    public async Task RunAsync(Document document, CancellationToken cancellationToken)
    {
        await using var content = await blobs.OpenReadAsync(document.BlobKey, cancellationToken)
                                  ?? throw new ExtractionException("The uploaded file is no longer in blob storage.");
        var extracted = await extraction.ExtractAsync(document.Format, content, document.FileName, cancellationToken);
        if (extracted.Text.Length == 0)
        {
            throw new ExtractionException("The document contains no text.");
        }

        await db.DocumentTexts.Where(t => t.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        db.DocumentTexts.Add(new DocumentText
        {
            DocumentId = document.Id,
            TenantId = document.TenantId,
            Text = extracted.Text,
            PagesJson = JsonSerializer.Serialize(extracted.Pages),
            HeadingsJson = JsonSerializer.Serialize(extracted.Headings),
        });
        document.Title = extracted.Title;
        document.ExtractedAt = time.GetUtcNow();
        await db.SaveAsync(document, time, cancellationToken);
    }
}
