using System.Threading.Channels;
using App.Rag.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace App.Rag.Ingestion;

/// <summary>
/// Runs ingestion in this process until the durable job queue (App.Jobs) is wired in. Durability comes from the
/// document rows: at start every document still queued or running is picked up again, and the pipeline's steps
/// resume where they stopped. A transient error fails the document here, since this queue does not retry.
/// </summary>
public sealed class InProcessIngestionQueue(
    IServiceScopeFactory scopes, IOptions<IngestionOptions> options, ILogger<InProcessIngestionQueue> logger)
    : BackgroundService, IIngestionQueue
{
    private readonly Channel<IngestionRequest> _channel = Channel.CreateUnbounded<IngestionRequest>();

    public ValueTask EnqueueAsync(IngestionRequest request, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(request, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        await Parallel.ForEachAsync(
            _channel.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = stoppingToken },
            RunAsync);
    }

    private async ValueTask RunAsync(IngestionRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var pipeline = scope.ServiceProvider.GetRequiredService<IngestionPipeline>();
        try
        {
            await pipeline.RunAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Ingestion of document {DocumentId} failed", request.DocumentId);
            await using var failScope = scopes.CreateAsyncScope();
            await failScope.ServiceProvider.GetRequiredService<IngestionPipeline>().MarkFailedAsync(request, ex.Message, cancellationToken);
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RagDbContext>();
        // Across tenants on purpose: this is the worker's own backlog, each request carries its tenant onwards.
        var pending = await db.Documents.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Status == IngestionStatus.Queued || d.Status == IngestionStatus.Running)
            .OrderBy(d => d.CreatedAt)
            .Select(d => new IngestionRequest(d.TenantId, d.Id))
            .ToListAsync(cancellationToken);
        foreach (var request in pending)
        {
            await EnqueueAsync(request, cancellationToken);
        }
    }
}
