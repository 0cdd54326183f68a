using App.Gateway.Forwarding;
using App.Gateway.Routing;
using App.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.Gateway.Health;

/// <summary>The gateway is ready when the services it forwards to are: asks one service's own /health.</summary>
public sealed class DownstreamHealthCheck(string service, ServiceAddresses addresses, UpstreamClient client) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await addresses.ResolveAsync(service, cancellationToken) is not { } address)
        {
            return HealthCheckResult.Unhealthy($"No address is configured for '{service}'.",
                data: Data("(not configured)", "not_configured"));
        }

        var url = new Uri(address, HealthEndpoints.ReadinessPath);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} is ready.", Data(url.ToString(), status))
                : HealthCheckResult.Unhealthy($"{service} answered {status}.", data: Data(url.ToString(), status));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{service} did not answer within {Timeout.TotalSeconds:0} s.",
                data: Data(url.ToString(), "timeout"));
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"{service} could not be reached.", ex, Data(url.ToString(), "unreachable"));
        }
    }

    private static Dictionary<string, object> Data(string url, object status) => new() { ["url"] = url, ["status"] = status };
}
