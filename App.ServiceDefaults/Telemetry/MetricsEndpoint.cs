using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace App.ServiceDefaults.Telemetry;

/// <summary>
/// <c>/metrics</c> in Prometheus' text format (OpenTelemetry's Prometheus exporter over the same meters the OTLP
/// exporter sends), anonymous because Prometheus scrapes without credentials. It is served on the service's own port
/// and never routed by the gateway (whose routes all live under <c>/api</c>).
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port, which the service must also listen on: the gateway's own port
    /// is public, so its metrics go to a second, internal one.
    /// </summary>
    public const string PortSetting = "Metrics:Port";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint(Path).AllowAnonymous().DisableHttpMetrics();
        if (app.Configuration.GetValue<int?>(PortSetting) is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }

        return app;
    }

    /// <summary>Probes and scrapes are not traced: they would drown the requests worth looking at.</summary>
    public static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(Health.HealthEndpoints.ReadinessPath)
        && !context.Request.Path.StartsWithSegments(Health.HealthEndpoints.LivenessPath)
        && !context.Request.Path.StartsWithSegments(Path);
}
