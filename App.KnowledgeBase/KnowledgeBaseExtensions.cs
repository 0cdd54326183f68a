using App.Data;
using App.KnowledgeBase.Data;
using App.KnowledgeBase.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.KnowledgeBase;

public static class KnowledgeBaseExtensions
{
    /// <summary>
    /// What App.Rag and App.Worker both need of the knowledge base: <see cref="RagDbContext"/> on
    /// <c>ConnectionStrings:appdb</c> and <see cref="IIngestionQueue"/> to hand a document to ingestion; needs the job
    /// queue (<c>AddJobs</c>, once per process: on PostgreSQL it adds a health check by name). Each process adds its own
    /// <c>AddMigration&lt;RagDbContext&gt;()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledgeBase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(AppDatabase.ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{AppDatabase.ConnectionStringName} is not set.");
        builder.Services.AddDbContext<RagDbContext>(o => o.UseAppDatabase(connectionString, RagDbContext.MigrationsHistoryTable));
        builder.EnrichAppDbContext<RagDbContext>(connectionString);
        builder.Services.AddScoped<IIngestionQueue, JobIngestionQueue>();
        return builder;
    }
}
