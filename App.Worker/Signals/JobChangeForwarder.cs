using App.Data;
using App.Jobs.Signals;

namespace App.Worker.Signals;

/// <summary>
/// Tells the Api (at <c>services:api:http:0</c>) each time this worker has committed new events of a job (claimed,
/// progress, succeeded, failed), so the job's event streams there read them at once instead of on their next safety
/// poll. Only for SQLite, which has no notifications between processes (PostgreSQL's NOTIFY already reaches the Api).
/// Fire and forget: a lost hint delays a client's event by one safety poll, never loses it.
/// </summary>
public sealed partial class JobChangeForwarder(
    JobSignal signal, IHttpClientFactory clients, IConfiguration configuration, ILogger<JobChangeForwarder> logger) : IHostedService
{
    public const string HttpClientName = "api";

    private readonly bool _enabled = configuration["services:api:http:0"] is { Length: > 0 }
        && configuration.GetConnectionString(AppDatabase.ConnectionStringName) is { } connectionString
        && AppDatabase.DetectProvider(connectionString) == DatabaseProvider.Sqlite;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_enabled)
        {
            signal.JobChangeCommitted += Forward;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        signal.JobChangeCommitted -= Forward;
        return Task.CompletedTask;
    }

    private void Forward(Guid jobId) => _ = SendAsync(jobId);

    private async Task SendAsync(Guid jobId)
    {
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.PostAsync($"/internal/jobs/{jobId:D}/changed", content: null);
            if (!response.IsSuccessStatusCode)
            {
                LogForwardRefused(logger, jobId, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogForwardFailed(logger, jobId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The Api answered the change hint for job {JobId} with {StatusCode}; its streams will read on their next poll")]
    private static partial void LogForwardRefused(ILogger logger, Guid jobId, int statusCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell the Api about job {JobId}; its streams will read on their next poll")]
    private static partial void LogForwardFailed(ILogger logger, Guid jobId, Exception exception);
}
