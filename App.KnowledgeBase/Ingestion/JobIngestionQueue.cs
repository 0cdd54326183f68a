using System.Text.Json;
using App.Jobs;
using App.Jobs.Data;
using App.KnowledgeBase.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace App.KnowledgeBase.Ingestion;

/// <summary>
/// Enqueues ingestion on the durable job queue (App.Jobs), with the document's tenant as the job's tenant. The jobs
/// context borrows the RAG context's connection and transaction: both tables live in the same database, and one
/// commit makes the document and its job appear together, or neither.
/// </summary>
public sealed class JobIngestionQueue(RagDbContext ragDb, JobsDbContext jobsDb, JobQueue queue) : IIngestionQueue
{
    public async Task EnqueueAsync(IngestionRequest request, CancellationToken cancellationToken)
    {
        if (ragDb.Database.CurrentTransaction is { } transaction)
        {
            jobsDb.Database.SetDbConnection(ragDb.Database.GetDbConnection());
            await jobsDb.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);
        }

        await queue.EnqueueAsync(new NewJob(request.TenantId, IngestionRequest.JobKind, JsonSerializer.Serialize(request)), cancellationToken);
    }
}
