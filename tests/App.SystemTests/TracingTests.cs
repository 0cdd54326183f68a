using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;

namespace App.SystemTests;

/// <summary>The system with every service exporting spans over OTLP/HTTP to a receiver in the test (as they do to the dashboard).</summary>
public class TracedAppHost : AppHostFixture, IAsyncLifetime
{
    public OtlpReceiver Receiver { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        // Export spans every 200 ms instead of every 5 s.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    public new async Task InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class TracingTests(TracedAppHost app) : IClassFixture<TracedAppHost>
{
    [Fact]
    public async Task One_upload_is_one_trace_through_gateway_api_and_the_worker_that_runs_the_job()
    {
        using var client = app.Client(app.AdminKey);

        using var accepted = await client.PostAsync("/api/v1/predictions", Wav.Upload(Wav.Tone()));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var job = await Eventually.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}"),
            j => j.GetProperty("status").GetString() is "succeeded" or "failed",
            TimeSpan.FromSeconds(60),
            j => $"job {jobId}: {j}");

        var upload = await Eventually.UntilAsync(
            () => Task.FromResult(app.Receiver.Spans.FirstOrDefault(s => s.Service == "api" && s.Name.StartsWith("POST /api/v1/predictions", StringComparison.Ordinal))),
            s => s is not null,
            TimeSpan.FromSeconds(30),
            _ => $"no api span for the upload among {string.Join(", ", app.Receiver.Spans.Select(s => $"{s.Service}:{s.Name}").Distinct())}");
        var trace = await Eventually.UntilAsync(
            () => Task.FromResult(app.Receiver.Spans.Where(s => s.TraceId == upload!.TraceId).ToList()),
            spans => spans.Any(s => s.Service == "gateway") && spans.Any(s => s.Service == "worker" && s.Name.StartsWith("job ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            spans => $"trace {upload!.TraceId}: {string.Join(", ", spans?.Select(s => $"{s.Service}:{s.Name}") ?? [])}");

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(["api", "gateway", "worker"], trace.Select(s => s.Service).Distinct().Order());
        // The worker's run hangs under the api's request (through the traceparent stored with the job), not beside it.
        var run = trace.Single(s => s.Service == "worker" && s.Name.StartsWith("job ", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "api" && s.SpanId == run.ParentSpanId);
        // Span attributes come through too: the status each server span answered.
        Assert.Equal("202", upload!.Attributes["http.response.status_code"]);
        Assert.All(trace.Where(s => s.Service == "gateway" && s.ParentSpanId.Length == 0), s => Assert.Equal("202", s.Attributes["http.response.status_code"]));
    }
}
