using App.Gateway;
using App.Gateway.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class DownstreamHealthExtensions
{
    /// <summary>
    /// One readiness check per service, named after it (api, rag, worker); not tagged live, so only on /health. Also
    /// registers the client the gateway's own requests to services use: service discovery, but no retries, so a probe
    /// of a service that is down says "unreachable" at once.
    /// </summary>
    public static IHostApplicationBuilder AddDownstreamHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(DownstreamServices.HttpClientName).WithoutResilience();
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in DownstreamServices.Checked)
        {
            checks.Add(new HealthCheckRegistration(
                service,
                sp => new DownstreamHealthCheck(service, sp.GetRequiredService<IHttpClientFactory>()),
                HealthStatus.Unhealthy,
                tags: null));
        }

        return builder;
    }
}
