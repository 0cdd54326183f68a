using App.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Gateway.Health;

/// <summary>The gateway is ready when the services it forwards to are: asks a service's own /health (any one replica).</summary>
public sealed class DownstreamHealthCheck(string service, IHttpClientFactory clients) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = DownstreamServices.Address(service, HealthEndpoints.ReadinessPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(DownstreamServices.HttpClientName).GetAsync(url, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} is ready.", Data(url, status))
                : HealthCheckResult.Unhealthy($"{service} answered {status}.", data: Data(url, status));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{service} did not answer within {Timeout.TotalSeconds:0} s.", data: Data(url, "timeout"));
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            // InvalidOperationException: service discovery has no address for the name.
            return HealthCheckResult.Unhealthy($"{service} could not be reached.", ex, Data(url, "unreachable"));
        }
    }

    private static Dictionary<string, object> Data(Uri url, object status) => new() { ["url"] = url.ToString(), ["status"] = status };
}
