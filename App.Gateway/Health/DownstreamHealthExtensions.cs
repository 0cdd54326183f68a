using App.Gateway.Forwarding;
using App.Gateway.Health;
using App.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class DownstreamHealthExtensions
{
    private static readonly string[] Services = [GatewayRoutes.Api, GatewayRoutes.Rag, GatewayRoutes.Worker];

    /// <summary>One readiness check per service, named after it (api, rag, worker); not tagged live, so only on /health.</summary>
    public static IHostApplicationBuilder AddDownstreamHealthChecks(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in Services)
        {
            checks.Add(new HealthCheckRegistration(
                service,
                sp => new DownstreamHealthCheck(service, sp.GetRequiredService<ServiceAddresses>(), sp.GetRequiredService<UpstreamClient>()),
                HealthStatus.Unhealthy,
                tags: null));
        }

        return builder;
    }
}
