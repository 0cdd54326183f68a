using App.AI;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Worker.Ingestion;

/// <summary>
/// A vector per chunk from the process's embedding model (App.AI), saved batch by batch, so a retried step embeds only
/// the chunks still without one; the model's id is stamped beside them. Without a model the step is stamped as skipped.
/// </summary>
public sealed class EmbedStep(
    RagDbContext db,
    EmbeddingModel embeddingModel,
    IOptions<IngestionWorkerOptions> options,
    TimeProvider time,
    IEmbeddingGenerator<string, Embedding<float>>? embeddings = null) : IIngestionStep
{
    public string Name => IngestionSteps.Embed;

    public bool IsDone(Document document) => document.EmbeddedAt is not null;

    public async Task RunAsync(Document document, CancellationToken cancellationToken)
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
        await db.SaveAsync(document, time, cancellationToken);
    }
}
