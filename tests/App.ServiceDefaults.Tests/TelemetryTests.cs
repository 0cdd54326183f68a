using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using App.ServiceDefaults.Tests.Infrastructure;
using App.Testing;

namespace App.ServiceDefaults.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("app-telemetry-");

    /// <summary>What the AppHost would inject: one database, blob folder and internal signing key shared by the services.</summary>
    private Dictionary<string, string> ServiceEnvironment(IDictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__appdb"] = $"Data Source={Path.Combine(_data.FullName, "app.db")}",
            ["ConnectionStrings__blobs"] = Path.Combine(_data.FullName, "blobs"),
            ["App__DataDirectory"] = _data.FullName,
            ["Identity__InternalSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }

    public void Dispose() => _data.Delete(recursive: true);

    private static async Task<ServiceProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment)
    {
        var service = ServiceProcess.Start(ServiceProcess.TargetPathOf(typeof(TelemetryTests).Assembly, project), environment);
        await service.WaitUntilAliveAsync();
        return service;
    }

    [Fact]
    public async Task Spans_of_one_request_through_gateway_and_api_share_one_trace_id()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var otel = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        var shared = ServiceEnvironment(otel);
        await using var api = await StartAsync("App.Api", new Dictionary<string, string>(shared)
        {
            ["OTEL_SERVICE_NAME"] = "api",
        });
        await using var gateway = await StartAsync("App.Gateway", new Dictionary<string, string>(shared)
        {
            ["OTEL_SERVICE_NAME"] = "gateway",
            ["services__api__http__0"] = api.Address.ToString(),
            ["services__rag__http__0"] = api.Address.ToString(),
            ["services__worker__http__0"] = api.Address.ToString(),
        });

        // No traceparent from this process: another test's in-process app may be listening to HttpClient activities
        // while this one runs, and then the gateway's span would have a parent here instead of being the root.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null });
        using var response = await client.GetAsync(new Uri(gateway.Address, "/api/v1/info"));
        response.EnsureSuccessStatusCode();

        // The server span is named "{method} {route}" (OpenTelemetry's ASP.NET Core instrumentation).
        var apiServerSpan = await Eventually(
            () => receiver.Spans.FirstOrDefault(s => s.Service == "api" && s.Name == "GET /api/v1/info"),
            () => string.Join('\n', receiver.Spans) + string.Join('\n', api.OutputLines));
        // The gateway's server span ends (and is exported) after its client span to the api: wait until every gateway span
        // of the trace has its parent among them, or is the root. A gateway span with a parent from elsewhere never closes.
        var gatewaySpans = await Eventually(
            () =>
            {
                var spans = receiver.Spans.Where(s => s.Service == "gateway" && s.TraceId == apiServerSpan.TraceId).ToList();
                var closed = spans.All(s => IsRoot(s) || spans.Any(p => p.SpanId == s.ParentSpanId));
                return closed && spans.Any(s => s.SpanId == apiServerSpan.ParentSpanId) ? spans : null;
            },
            () => string.Join('\n', receiver.Spans));

        Assert.Contains(gatewaySpans, IsRoot);
        Assert.All(gatewaySpans, s => Assert.Equal(apiServerSpan.TraceId, s.TraceId));
    }

    private static bool IsRoot(ReceivedSpan span) => span.ParentSpanId == new string('0', 16) || span.ParentSpanId.Length == 0;

    [Fact]
    public async Task Json_log_lines_parse_and_carry_the_trace_id()
    {
        await using var api = await StartAsync("App.Api", ServiceEnvironment(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        }));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.Address, "/api/v1/info"));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var line = await Eventually(
            () => api.OutputLines.FirstOrDefault(l => l.Contains(traceId)),
            () => string.Join('\n', api.OutputLines));
        // The one line that is not a log entry on purpose: a generated admin key goes to the console, never to the log pipeline.
        Assert.All(api.OutputLines.Where(l => !l.StartsWith("Admin API key (shown once): ", StringComparison.Ordinal)),
            l => JsonDocument.Parse(l).Dispose());
        using var entry = JsonDocument.Parse(line);
        var scopeTraceIds = entry.RootElement.GetProperty("Scopes").EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString());
        Assert.Contains(traceId, scopeTraceIds);
        Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Category").GetString()));
    }

    [Fact]
    public async Task Development_console_lines_are_readable_text()
    {
        await using var api = await StartAsync("App.Api", ServiceEnvironment(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        }));

        var line = await Eventually(
            () => api.OutputLines.FirstOrDefault(l => l.Contains("Now listening on", StringComparison.Ordinal)),
            () => string.Join('\n', api.OutputLines));

        // One line per entry: "HH:mm:ss info: Microsoft.Hosting.Lifetime[14] Now listening on: http://...".
        Assert.Matches(@"^\d\d:\d\d:\d\d info: Microsoft\.Hosting\.Lifetime\[\d+\] Now listening on: http://", line);
    }

    private static async Task<T> Eventually<T>(Func<T?> probe, Func<string> describe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The expected telemetry did not arrive within 30 s. Seen:\n{describe()}");
    }
}
