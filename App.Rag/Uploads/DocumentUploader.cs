using System.Security.Cryptography;
using App.Documents;
using App.Jobs.Signals;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Rag.Tenancy;
using App.ServiceDefaults.Problems;
using App.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Rag.Uploads;

/// <summary>
/// Accepts an upload: size limit, content sniffing against the declared type, de-duplication by content hash within
/// the collection, blob stored under a store-chosen key, then the document row and its ingestion job in one transaction;
/// then the worker, which runs the job, is nudged (SQLite cannot wake another process).
/// </summary>
public sealed class DocumentUploader(
    RagDbContext db,
    IBlobStore blobs,
    IIngestionQueue queue,
    WorkerNudge nudge,
    ICallerContext caller,
    IOptions<UploadOptions> options,
    TimeProvider time)
{
    public async Task<UploadResult> UploadAsync(Guid collectionId, IFormFile file, string? tags, CancellationToken cancellationToken)
    {
        if (!await db.Collections.AnyAsync(c => c.Id == collectionId, cancellationToken))
        {
            return new UploadResult.CollectionNotFound();
        }

        if (file.Length > options.Value.MaxUploadBytes)
        {
            return TooLarge();
        }

        if (file.Length == 0)
        {
            return new UploadResult.Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Empty file", "The uploaded file is empty.");
        }

        // Sniffing a DOCX needs its central directory at the end, and the hash needs every byte: the file is read once, whole.
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var fileName = Path.GetFileName(file.FileName);
        var sniffed = ContentSniffer.Sniff(content, file.ContentType, fileName);
        if (sniffed.Refusal is not null)
        {
            return new UploadResult.Refused(
                StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Unsupported media type", sniffed.Refusal);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        if (await FindByHashAsync(collectionId, hash, cancellationToken) is { } existing)
        {
            return new UploadResult.Duplicate(existing);
        }

        var blob = await blobs.PutAsync(new MemoryStream(content), options.Value.MaxUploadBytes, cancellationToken);
        var now = time.GetUtcNow();
        var document = new Document
        {
            Id = Guid.CreateVersion7(),
            TenantId = caller.TenantId,
            CollectionId = collectionId,
            FileName = fileName.Length <= 400 ? fileName : fileName[^400..],
            Format = sniffed.Format,
            ContentHash = hash,
            SizeBytes = content.Length,
            BlobKey = blob.Key,
            Tags = DocumentTags.Join((tags ?? string.Empty).Split(',')),
            Status = IngestionStatus.Queued,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // The document and its ingestion job commit together: no document without a job, no job without a document.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Documents.Add(document);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same file uploaded twice at once: the unique index let one in; this one answers with it.
            await transaction.RollbackAsync(CancellationToken.None);
            await blobs.DeleteAsync(blob.Key, CancellationToken.None);
            if (await FindByHashAsync(collectionId, hash, CancellationToken.None) is { } raced)
            {
                return new UploadResult.Duplicate(raced);
            }

            throw;
        }

        await queue.EnqueueAsync(new IngestionRequest(document.TenantId, document.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        nudge.JobsEnqueued();
        return new UploadResult.Accepted(document);
    }

    public UploadResult.Refused TooLarge() => new(
        StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Payload too large",
        $"Uploads are limited to {options.Value.MaxUploadBytes} bytes.");

    private Task<Document?> FindByHashAsync(Guid collectionId, string hash, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.CollectionId == collectionId && d.ContentHash == hash, cancellationToken);
    }
}
