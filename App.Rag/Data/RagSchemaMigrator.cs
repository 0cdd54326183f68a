namespace App.Rag.Data;

/// <summary>Applies the RAG migrations at start, before the ingestion runner claims its first job.</summary>
public sealed class RagSchemaMigrator(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RagSchema.MigrateAsync(scope.ServiceProvider.GetRequiredService<RagDbContext>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
