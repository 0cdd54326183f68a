using System.Text.Json;
using App.Documents;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using App.Worker.Jobs;
using Microsoft.EntityFrameworkCore;

namespace App.Worker.Ingestion;

/// <summary>
/// Runs one <see cref="IngestionRequest.JobKind"/> job: the document's steps in order (<see cref="ExtractStep"/>,
/// <see cref="ChunkStep"/>, <see cref="EmbedStep"/>, <see cref="IndexStep"/>), each skipped when already done. A ready or
/// deleted document completes the job; a document that cannot be ingested is marked failed and fails the job for good;
/// any other error is recorded on the document and fails the attempt (retried while attempts remain). After the last
/// attempt the document is marked failed before the job is, so a document never waits on a job that has ended. The
/// lease, stopping and a job taken away are <see cref="ClaimLoopService"/>'s; documents whose job ended elsewhere
/// (reaped, canceled) are settled by <see cref="OrphanedDocuments"/>.
/// </summary>
public sealed class IngestionJobRunner(
    RagDbContext db, ExtractStep extract, ChunkStep chunk, EmbedStep embed, IndexStep index, DocumentOutcomes outcomes, TimeProvider time)
    : IJobRunner
{
    private static readonly string ReadyResult = JsonSerializer.Serialize(new { outcome = "ready" });
    private static readonly string GoneResult = JsonSerializer.Serialize(new { outcome = "gone" });
    private readonly IIngestionStep[] _steps = [extract, chunk, embed, index];

    public async Task<string> RunAsync(JobRun run, CancellationToken cancellationToken)
    {
        var request = Parse(run.Job.Input, run.Job.TenantId)
            ?? throw new JobFailedException(IngestionErrorCodes.InvalidInput, "The job's input is not an ingestion request for the job's tenant.", retryable: false);
        db.ScopeTo(request.TenantId);
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == request.DocumentId, cancellationToken);
        switch (document?.Status)
        {
            case null:
                return GoneResult;
            case IngestionStatus.Ready:
                return ReadyResult;
            case IngestionStatus.Failed or IngestionStatus.Canceled:
                throw DocumentFailed();
        }

        document.Status = IngestionStatus.Running;
        document.Attempts++;
        await db.SaveAsync(document, time, cancellationToken);
        var step = _steps[0];
        try
        {
            foreach (var next in _steps)
            {
                step = next;
                if (!step.IsDone(document))
                {
                    await step.RunAsync(document, cancellationToken);
                }
            }

            return ReadyResult;
        }
        catch (ExtractionException e)
        {
            await outcomes.EndAsync(document.Id, IngestionStatus.Failed, step.Name, e.Message, CancellationToken.None);
            throw DocumentFailed();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted while it was being ingested.
            return GoneResult;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (run.Job.Attempts >= run.Job.MaxAttempts)
            {
                await outcomes.EndAsync(document.Id, IngestionStatus.Failed, step.Name, e.Message, CancellationToken.None);
            }
            else
            {
                // Shown by the API while the queue retries; the status stays "running".
                await outcomes.RecordFailedAttemptAsync(document.Id, step.Name, e.Message, CancellationToken.None);
            }

            throw new JobFailedException(IngestionErrorCodes.IngestionError, e.Message, retryable: true, inner: e);
        }
    }

    private static JobFailedException DocumentFailed() => new(IngestionErrorCodes.DocumentFailed,
        "The document could not be ingested; the document shows the failed step and the reason.", retryable: false);

    /// <summary>The job's tenant decides whose document is read: a payload naming another tenant is refused.</summary>
    private static IngestionRequest? Parse(string input, Guid jobTenant)
    {
        try
        {
            var request = JsonSerializer.Deserialize<IngestionRequest>(input);
            return request is not null && request.TenantId == jobTenant && request.DocumentId != Guid.Empty ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
