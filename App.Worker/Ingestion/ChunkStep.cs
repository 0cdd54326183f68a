using System.Text.Json;
using App.Documents;
using App.KnowledgeBase.Chunking;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace App.Worker.Ingestion;

/// <summary>The stored text cut into token-sized chunks (<see cref="Chunker"/>), replacing any of an earlier attempt.</summary>
public sealed class ChunkStep(RagDbContext db, Chunker chunker, TimeProvider time) : IIngestionStep
{
    public string Name => IngestionSteps.Chunk;

    public bool IsDone(Document document) => document.ChunkedAt is not null;

    public async Task RunAsync(Document document, CancellationToken cancellationToken)
    {
        var stored = await db.DocumentTexts.AsNoTracking().FirstAsync(t => t.DocumentId == document.Id, cancellationToken);
        var extracted = new ExtractedDocument(
            document.Title ?? document.FileName,
            stored.Text,
            JsonSerializer.Deserialize<List<PageSpan>>(stored.PagesJson) ?? [],
            JsonSerializer.Deserialize<List<Heading>>(stored.HeadingsJson) ?? []);
        var chunks = chunker.Chunk(extracted);
        await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        db.Chunks.AddRange(chunks.Select(c => new ChunkRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = document.TenantId,
            CollectionId = document.CollectionId,
            DocumentId = document.Id,
            Ordinal = c.Ordinal,
            StartOffset = c.Start,
            EndOffset = c.End,
            Page = c.Page,
            HeadingPath = c.HeadingPath,
            Text = c.Text,
        }));
        document.ChunkCount = chunks.Count;
        document.ChunkedAt = time.GetUtcNow();
        await db.SaveAsync(document, time, cancellationToken);
    }
}
