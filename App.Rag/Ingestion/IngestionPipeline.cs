using System.Text.Json;
using App.AI;
using App.Rag.Chunking;
using App.Rag.Data;
using App.Documents;
using App.Rag.Indexing;
using App.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Rag.Ingestion;

/// <summary>
/// Extract, chunk, embed, index: each step stores its result and stamps the document before the next one starts,
/// and skips itself when already stamped, so running the pipeline again (a retried job, a restarted worker) resumes
/// where it stopped and never duplicates chunks. Errors that retrying cannot fix mark the document failed with the
/// step and the reason; any other exception is left to the caller's retry policy.
/// </summary>
public sealed class IngestionPipeline(
    RagDbContext db,
    IBlobStore blobs,
    DocumentExtraction extraction,
    Chunker chunker,
    CollectionIndexCache cache,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    EmbeddingModel embeddingModel,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    public async Task<IngestionOutcome> RunAsync(IngestionRequest request, CancellationToken cancellationToken)
    {
        db.ScopeTo(request.TenantId);
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == request.DocumentId, cancellationToken);
        if (document is null)
        {
            return IngestionOutcome.Gone;
        }

        if (document.Status is IngestionStatus.Ready or IngestionStatus.Failed)
        {
            return document.Status == IngestionStatus.Ready ? IngestionOutcome.Ready : IngestionOutcome.Failed;
        }

        document.Status = IngestionStatus.Running;
        document.Attempts++;
        await SaveAsync(document, cancellationToken);
        var step = IngestionSteps.Extract;
        try
        {
            if (document.ExtractedAt is null)
            {
                await ExtractAsync(document, cancellationToken);
            }

            step = IngestionSteps.Chunk;
            if (document.ChunkedAt is null)
            {
                await ChunkAsync(document, cancellationToken);
            }

            step = IngestionSteps.Embed;
            if (document.EmbeddedAt is null)
            {
                await EmbedAsync(document, cancellationToken);
            }

            step = IngestionSteps.Index;
            await IndexAsync(document, cancellationToken);
            return IngestionOutcome.Ready;
        }
        catch (ExtractionException ex)
        {
            await MarkFailedAsync(document, step, ex.Message, cancellationToken);
            return IngestionOutcome.Failed;
        }
        catch (DbUpdateConcurrencyException)
        {
            return IngestionOutcome.Gone;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded for the API while the caller decides whether to retry; the status stays "running".
            document.FailedStep = step;
            document.FailureReason = ex.Message;
            await SaveAsync(document, CancellationToken.None);
            throw;
        }
    }

    /// <summary>For the queue, after its last attempt at a transient error: the document stops waiting.</summary>
    public async Task MarkFailedAsync(IngestionRequest request, string reason, CancellationToken cancellationToken)
    {
        db.ScopeTo(request.TenantId);
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == request.DocumentId, cancellationToken);
        if (document is not null && document.Status != IngestionStatus.Ready)
        {
            await MarkFailedAsync(document, document.FailedStep ?? IngestionSteps.Extract, reason, cancellationToken);
        }
    }

    private async Task ExtractAsync(Document document, CancellationToken cancellationToken)
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
        await SaveAsync(document, cancellationToken);
    }

    private async Task ChunkAsync(Document document, CancellationToken cancellationToken)
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
        await SaveAsync(document, cancellationToken);
    }

    private async Task EmbedAsync(Document document, CancellationToken cancellationToken)
    {
        if (embeddings is not null)
        {
            while (true)
            {
                var batch = await db.Chunks
                    .Where(c => c.DocumentId == document.Id && c.Embedding == null)
                    .OrderBy(c => c.Ordinal)
                    .Take(options.Value.EmbeddingBatchSize)
                    .ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Text), cancellationToken: cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Embedding = VectorBytes.ToBytes(vectors[i].Vector.Span);
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            document.EmbeddingModel = embeddingModel.Id;
        }

        document.EmbeddedAt = time.GetUtcNow();
        await SaveAsync(document, cancellationToken);
    }

    /// <summary>The document becomes visible and the collection's version moves in one transaction.</summary>
    private async Task IndexAsync(Document document, CancellationToken cancellationToken)
    {
        long version;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            document.Status = IngestionStatus.Ready;
            document.IndexedAt = time.GetUtcNow();
            document.FailedStep = null;
            document.FailureReason = null;
            await SaveAsync(document, cancellationToken);
            version = await CollectionVersions.BumpAsync(db, document.CollectionId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var chunks = await db.Chunks.AsNoTracking()
            .Where(c => c.DocumentId == document.Id)
            .OrderBy(c => c.Ordinal)
            .Select(c => new { c.Id, c.Text, c.Embedding })
            .ToListAsync(cancellationToken);
        cache.Apply(document.CollectionId, version, index => index.Add(
            chunks.Select(c => new IndexedChunk(c.Id, document.Id, c.Text)),
            chunks.Where(c => c.Embedding is not null && document.EmbeddingModel == embeddingModel.Id)
                .ToDictionary(c => c.Id, c => VectorBytes.ToVector(c.Embedding!))));
    }

    private async Task MarkFailedAsync(Document document, string step, string reason, CancellationToken cancellationToken)
    {
        await db.Chunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        document.Status = IngestionStatus.Failed;
        document.FailedStep = step;
        document.FailureReason = reason.Length <= 2000 ? reason : reason[..2000];
        document.ChunkCount = 0;
        await SaveAsync(document, cancellationToken);
    }

    private Task SaveAsync(Document document, CancellationToken cancellationToken)
    {
        document.UpdatedAt = time.GetUtcNow();
        return db.SaveChangesAsync(cancellationToken);
    }
}
