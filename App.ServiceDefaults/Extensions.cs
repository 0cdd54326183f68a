using App.ServiceDefaults.Health;
using App.ServiceDefaults.Problems;
using App.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service shares, in the shape of Aspire's service-defaults template: OpenTelemetry, health checks, service
/// discovery and resilient HttpClients, plus our console logs, ProblemDetails and OpenAPI document.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Configuration section bound onto every HttpClient's standard resilience handler (HttpStandardResilienceOptions).</summary>
    public const string HttpResilienceSection = "HttpResilience";

    /// <summary>
    /// The names under which the OTLP exporter asks IHttpClientFactory for its HttpClient (traces and metrics over
    /// http/protobuf; the log exporter never uses the factory). Telemetry export must not go through the standard
    /// resilience handler: the exporter retries on its own, and a circuit opened by telemetry must not be what a
    /// service sees, nor the other way round.
    /// </summary>
    public static readonly IReadOnlyList<string> OtlpExporterHttpClientNames = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultProblemDetails();
        builder.Services.AddOpenApi();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler()
                .Configure(options =>
                {
                    // Optional overrides (HttpResilience:Retry:Delay, HttpResilience:AttemptTimeout:Timeout, ...).
                    builder.Configuration.GetSection(HttpResilienceSection).Bind(options);
                    // A request that may have changed something (POST, PUT, PATCH, DELETE, CONNECT) is never sent twice.
                    options.Retry.DisableForUnsafeHttpMethods();
                })
                // One circuit per destination ("http://api", "http://worker"): one failing service does not cut off the others.
                .SelectPipelineByAuthority();
            http.AddServiceDiscovery();
        });
        foreach (var name in OtlpExporterHttpClientNames)
        {
            builder.Services.AddHttpClient(name).WithoutResilience();
        }

        return builder;
    }

    /// <summary>
    /// Console logs for whoever reads the console: one readable line per entry in Development (under an AppHost the
    /// dashboard holds the structured logs), JSON lines with scopes and trace ids everywhere else.
    /// </summary>
    public static TBuilder ConfigureConsoleLogging<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary>The ASP.NET Core meters exported: request duration and counts, connections, handled exceptions.</summary>
    public static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
        {
            // The AppHost names each service; run on its own, a service is named after its assembly.
            telemetry.ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName));
        }

        telemetry
            .WithMetrics(metrics => metrics
                // Not AddAspNetCoreInstrumentation(): it also turns on the routing, rate-limiting, authentication and
                // authorization meters, each recorded on every request (5-8 % of the gateway's CPU per request,
                // bench/gateway) and read by no dashboard or alert; request duration comes from Hosting.
                .AddMeter(AspNetCoreMeters)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(AppTelemetry.MeterName, AppTelemetry.ModuleWildcard, AppTelemetry.NpgsqlName)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = MetricsEndpoint.IsTraced)
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(AppTelemetry.SourceName, AppTelemetry.ModuleWildcard, AppTelemetry.NpgsqlName, builder.Environment.ApplicationName));

        // Export only where a collector is named (the AppHost passes OTEL_EXPORTER_OTLP_ENDPOINT on when it has one).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps /health (readiness), /alive (liveness), /metrics (Prometheus) and the OpenAPI document, in every environment;
    /// all anonymous, as probes, scrapers and the gateway's docs UI carry no credentials, even where a fallback policy
    /// protects everything else.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Takes the service defaults' standard resilience handler off one named client (what the still experimental
    /// RemoveAllResilienceHandlers does): a client's own handler configuration runs after ConfigureHttpClientDefaults'.
    /// For clients whose callers must hear of a failure at once: exporters, probes.
    /// </summary>
    public static IHttpClientBuilder WithoutResilience(this IHttpClientBuilder client) =>
        client.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
        {
            foreach (var handler in handlers.OfType<ResilienceHandler>().ToList())
            {
                handlers.Remove(handler);
            }
        });
}
