using App.ServiceDefaults.Health;
using App.ServiceDefaults.Http;
using App.ServiceDefaults.Problems;
using App.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service shares, in the shape of Aspire's ServiceDefaults so that a real Aspire AppHost can replace ours.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddJsonConsoleLogging();
        builder.AddOpenTelemetryExporters();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddServiceDiscoveryFromConfiguration();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddServiceDiscovery();
            http.AddStandardResilience();
        });
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        return builder;
    }

    /// <summary>Maps /health (readiness), /alive (liveness) and the OpenAPI document, in every environment.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapOpenApi();
        return app;
    }
}
