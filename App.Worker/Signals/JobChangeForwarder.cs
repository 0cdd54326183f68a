using System.Net;
using App.Data;
using App.Jobs.Signals;
using Microsoft.Extensions.ServiceDiscovery;

namespace App.Worker.Signals;

/// <summary>
/// Tells every Api replica (<c>services:api:http:0</c>, <c>:1</c>, ... as service discovery resolves <c>http://api</c>)
/// each time this worker has committed new events of a job (claimed, progress, succeeded, failed), so the job's event
/// streams there read them at once instead of on their next safety poll: a stream may be open on any replica, so one
/// replica's hint is not enough. Only for SQLite, which has no notifications between processes (PostgreSQL's NOTIFY
/// already reaches every Api). Fire and forget: a lost hint delays a client's event by one safety poll, never loses it.
/// </summary>
public sealed partial class JobChangeForwarder(
    JobSignal signal, IHttpClientFactory clients, ServiceEndpointResolver resolver, IConfiguration configuration,
    ILogger<JobChangeForwarder> logger) : IHostedService
{
    public const string HttpClientName = "api";
    private const string ServiceAddress = "http://" + HttpClientName;

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
        IReadOnlyList<Uri> replicas;
        try
        {
            replicas = await ResolveAsync();
        }
        catch (InvalidOperationException e)
        {
            LogResolveFailed(logger, jobId, e);
            return;
        }

        await Task.WhenAll(replicas.Select(replica => SendAsync(replica, jobId)));
    }

    /// <summary>Each replica's own address (the resolver caches them and follows configuration changes).</summary>
    private async Task<IReadOnlyList<Uri>> ResolveAsync()
    {
        var source = await resolver.GetEndpointsAsync(ServiceAddress, CancellationToken.None);
        return [.. source.Endpoints.Select(e => e.EndPoint switch
        {
            UriEndPoint uri => uri.Uri,
            DnsEndPoint dns => new UriBuilder(Uri.UriSchemeHttp, dns.Host, dns.Port).Uri,
            IPEndPoint ip => new Uri($"{Uri.UriSchemeHttp}://{ip}"),
            var other => new Uri($"{Uri.UriSchemeHttp}://{other}"),
        }).Distinct()];
    }

    private async Task SendAsync(Uri replica, Guid jobId)
    {
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.PostAsync(new Uri(replica, $"/internal/jobs/{jobId:D}/changed"), content: null);
            if (!response.IsSuccessStatusCode)
            {
                LogForwardRefused(logger, jobId, replica, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException)
        {
            // ExecutionRejectedException: the resilience handler refused (the open circuit of a replica that is down).
            LogForwardFailed(logger, jobId, replica, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not resolve the Api replicas to tell about job {JobId}; their streams will read on their next poll")]
    private static partial void LogResolveFailed(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The Api at {Replica} answered the change hint for job {JobId} with {StatusCode}; its streams will read on their next poll")]
    private static partial void LogForwardRefused(ILogger logger, Guid jobId, Uri replica, int statusCode);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not tell the Api at {Replica} about job {JobId}; its streams will read on their next poll")]
    private static partial void LogForwardFailed(ILogger logger, Guid jobId, Uri replica, Exception exception);
}
