using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace App.Testing;

/// <summary>
/// A real OTLP/HTTP (protobuf) receiver on loopback: keeps the spans it is sent, acknowledges metrics and logs. With a
/// <paramref name="traceDelay"/> it answers each trace export only after that delay, and keeps its spans only if the
/// exporter was still waiting for the answer.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private int _traceExports;

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.Single();

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans.ToArray();

    /// <summary>Trace export requests received, whether or not they were answered.</summary>
    public int TraceExports => Volatile.Read(ref _traceExports);

    public static async Task<OtlpReceiver> StartAsync(TimeSpan? traceDelay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._traceExports);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (traceDelay is { } delay)
            {
                try
                {
                    await Task.Delay(delay, request.HttpContext.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The exporter gave up on this export: nothing was delivered.
                    return Results.Empty;
                }
            }

            foreach (var span in OtlpTraceReader.Read(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedSpan(
    string Service, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
