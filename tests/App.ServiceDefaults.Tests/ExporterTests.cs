using System.Net;
using App.ServiceDefaults.Tests.Infrastructure;
using App.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly.Timeout;

namespace App.ServiceDefaults.Tests;

/// <summary>What an in-process service sends to an OTLP receiver, and how the exporter's own HTTP traffic is treated.</summary>
public sealed class ExporterTests
{
    private static Dictionary<string, string?> Otel(OtlpReceiver receiver, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_SERVICE_NAME"] = "unit",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Server_spans_are_named_by_route_and_health_probes_are_not_traced()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(
            map: app => app.MapGet("/items/{id}", (int id) => Results.Text($"item {id}")),
            settings: Otel(receiver));
        using var client = new HttpClient { BaseAddress = app.Address() };

        (await client.GetAsync("/alive")).EnsureSuccessStatusCode();
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        (await client.GetAsync("/items/7")).EnsureSuccessStatusCode();

        var span = await SpanArrivesAsync(() => receiver.Spans.FirstOrDefault(s => s.Name == "GET /items/{id}"), receiver);
        Assert.Equal("unit", span.Service);
        // The probes ran before the traced request, so their spans would have been exported with it or before it.
        Assert.DoesNotContain(receiver.Spans, s => s.Name.Contains("/health") || s.Name.Contains("/alive"));
    }

    [Fact]
    public async Task The_exporter_http_client_is_not_wrapped_by_the_resilience_handler()
    {
        // The receiver answers each trace export after 1 s. Every HttpClient of the app gives up on an attempt after
        // 200 ms: an exporter going through that handler would never deliver a span.
        await using var receiver = await OtlpReceiver.StartAsync(traceDelay: TimeSpan.FromSeconds(1));
        await using var app = await TestApp.StartAsync(
            map: app =>
            {
                app.MapGet("/items/{id}", (int id) => Results.Text($"item {id}"));
                app.MapGet("/slow", async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    return Results.Text("late");
                });
            },
            settings: Otel(receiver, new Dictionary<string, string?>
            {
                ["HttpResilience:AttemptTimeout:Timeout"] = "00:00:00.200",
                ["HttpResilience:Retry:MaxRetryAttempts"] = "1",
                ["HttpResilience:Retry:Delay"] = "00:00:00.010",
            }));

        // The app's own clients do carry that timeout...
        var own = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => own.GetAsync(new Uri(app.Address(), "/slow")));

        // ...and the exporter's does not: the span arrives, from an export that waited the full second.
        using var client = new HttpClient { BaseAddress = app.Address() };
        (await client.GetAsync("/items/1")).EnsureSuccessStatusCode();
        await SpanArrivesAsync(() => receiver.Spans.FirstOrDefault(s => s.Name == "GET /items/{id}"), receiver);
    }

    [Theory]
    [InlineData("OtlpTraceExporter", false)]
    [InlineData("OtlpMetricExporter", false)]
    [InlineData("OtlpLogExporter", false)]
    [InlineData("backend", true)]
    [InlineData("", true)]
    public void Only_the_exporter_clients_lack_the_resilience_handler(string clientName, bool expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName);

        Assert.Equal(expected, Chain(handler).Any(h => h is ResilienceHandler));
    }

    private static IEnumerable<HttpMessageHandler> Chain(HttpMessageHandler handler)
    {
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            yield return current;
        }
    }

    private static async Task<ReceivedSpan> SpanArrivesAsync(Func<ReceivedSpan?> probe, OtlpReceiver receiver)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } span)
            {
                return span;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(
            $"The span did not arrive within 30 s ({receiver.TraceExports} trace exports received). Seen:\n" +
            string.Join('\n', receiver.Spans));
    }
}
