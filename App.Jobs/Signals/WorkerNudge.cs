using App.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace App.Jobs.Signals;

/// <summary>
/// Tells the workers that jobs were enqueued, called by the enqueuing service (the Api's predictions and extractions,
/// App.Rag's uploads) after its transaction committed, so an idle worker claims at once instead of on its next poll.
/// SQLite has no notifications between processes: an HTTP request to the worker at <c>services:worker:http:0</c>. With
/// Redis, a publish (<see cref="JobSignal.PublishEnqueuedAsync"/>). PostgreSQL alone needs nothing here: its NOTIFY went
/// with the commit. Fire and forget: a lost nudge delays a job by one poll interval, never loses it.
/// </summary>
public sealed partial class WorkerNudge(
    IHttpClientFactory clients, JobSignal signal, IConfiguration configuration, ILogger<WorkerNudge> logger)
{
    public const string HttpClientName = "worker";
    /// <summary>The worker's endpoint for it (App.Worker's JobSignalApi).</summary>
    public const string EnqueuedPath = "/internal/jobs/enqueued";

    private readonly bool _overHttp = configuration["services:worker:http:0"] is { Length: > 0 }
        && configuration.GetConnectionString(AppDatabase.ConnectionStringName) is { } connectionString
        && AppDatabase.DetectProvider(connectionString) == DatabaseProvider.Sqlite;

    public void JobsEnqueued()
    {
        _ = _overHttp ? SendAsync() : signal.PublishEnqueuedAsync();
    }

    private async Task SendAsync()
    {
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.PostAsync(EnqueuedPath, content: null);
            if (!response.IsSuccessStatusCode)
            {
                LogNudgeRefused(logger, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogNudgeFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worker answered the enqueue nudge with {StatusCode}; it will find the job on its next poll")]
    private static partial void LogNudgeRefused(ILogger logger, int statusCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not nudge the worker; it will find the job on its next poll")]
    private static partial void LogNudgeFailed(ILogger logger, Exception exception);
}

public static class WorkerNudgeExtensions
{
    /// <summary>Registers <see cref="WorkerNudge"/> and its HTTP client (the worker resolved by service discovery).</summary>
    public static IServiceCollection AddWorkerNudge(this IServiceCollection services)
    {
        services.AddSingleton<WorkerNudge>();
        services.AddHttpClient(WorkerNudge.HttpClientName, c =>
        {
            c.BaseAddress = new Uri($"http://{WorkerNudge.HttpClientName}");
            c.Timeout = TimeSpan.FromSeconds(2);
        });
        return services;
    }
}
