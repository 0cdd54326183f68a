using App.Data;
using App.Jobs.Data;
using App.Jobs.Signals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace App.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the queue on <c>ConnectionStrings:appdb</c> (SQLite or PostgreSQL) with options from the <c>Jobs</c>
    /// section; its wake-ups and job changes go over Redis when <c>ConnectionStrings:cache</c> is set (distributed mode),
    /// else over PostgreSQL's NOTIFY, else (SQLite) within the process and by the HTTP nudge.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(
        this IHostApplicationBuilder builder, string connectionStringName = AppDatabase.ConnectionStringName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionStringName} is not set.");
        builder.Services.Configure<JobsOptions>(builder.Configuration.GetSection(JobsOptions.SectionName));
        if (builder.TryAddAppRedis())
        {
            builder.Services.TryAddSingleton<JobSignal>(sp =>
                new RedisJobSignal(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ILogger<RedisJobSignal>>()));
        }

        builder.Services.AddJobs(connectionString);
        builder.EnrichAppDbContext<JobsDbContext>(connectionString);
        return builder;
    }

    public static IServiceCollection AddJobs(this IServiceCollection services, string connectionString)
    {
        services.AddOptions<JobsOptions>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<JobsDbContext>(o => o.UseAppDatabase(connectionString, JobsDbContext.MigrationsHistoryTable));
        services.TryAddSingleton<JobMetrics>();
        services.TryAddSingleton<JobSignal>(sp => AppDatabase.DetectProvider(connectionString) == DatabaseProvider.PostgreSql
            ? new PostgresJobSignal(connectionString, sp.GetRequiredService<ILogger<PostgresJobSignal>>())
            : new InProcessJobSignal());
        services.TryAddScoped<JobQueue>();
        services.TryAddScoped<JobMaintenance>();
        return services;
    }

    /// <summary>Runs maintenance in the background of this process (Worker); it needs an <c>IBlobStore</c> (AddBlobStorage).</summary>
    public static IServiceCollection AddJobMaintenance(this IServiceCollection services)
    {
        services.AddHostedService<JobMaintenanceService>();
        return services;
    }
}
