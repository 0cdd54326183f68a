using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace App.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry without OpenTelemetry.Extensions.Hosting (not in the feed): providers built with the SDK's own builders,
/// owned by the DI container so they flush on shutdown. Export is on only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>
    /// Sources and meters of the framework and libraries we use. Our own code records to "App" (<see cref="AppTelemetry"/>)
    /// or to a module's "App.*" source or meter (App.Jobs, App.Inference), which the wildcard picks up.
    /// </summary>
    private static readonly string[] FrameworkSources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql"];

    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http", "System.Net.NameResolution", "System.Runtime", "Npgsql",
    ];

    public static void AddJsonConsoleLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    public static void AddOpenTelemetryExporters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestActivityEnricher>();
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return;
        }

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName).AddEnvironmentVariableDetector();
        var sources = FrameworkSources.Concat([AppTelemetry.SourceName, $"{AppTelemetry.SourceName}.*", serviceName]).ToArray();
        var meters = FrameworkMeters.Concat([AppTelemetry.MeterName, $"{AppTelemetry.MeterName}.*", serviceName]).ToArray();

        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(sources)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(meters)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddHostedService<TelemetryProvidersStarter>();

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.AddOtlpExporter();
        });
    }
}

/// <summary>Creates the providers when the host starts (so listening begins before the first request) and lets DI dispose them.</summary>
internal sealed class TelemetryProvidersStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = tracer;
        _ = meter;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        tracer.ForceFlush(2000);
        meter.ForceFlush(2000);
        return Task.CompletedTask;
    }
}
