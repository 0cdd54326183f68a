using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using App.Testing;

namespace Bench.Predictions;

/// <summary>The whole app in embedded mode (SQLite, local blobs) through its gateway, with the bootstrap admin key.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private const string AdminKey = "sk_benchprd_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    private readonly string _data = Directory.CreateTempSubdirectory("bench-predictions-").FullName;
    private AppHostProcess _host = null!;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<BenchApp> StartAsync(int gatewayPort)
    {
        var app = new BenchApp();
        app._host = AppHostProcess.Start(app._data, BenchSettings.Unlimited(AdminKey), "--gateway-port", $"{gatewayPort}", "--data-dir", app._data, "--environment", "Production");
        var gateway = await app._host.WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
        app.Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 }) { BaseAddress = gateway };
        app.Client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return app;
    }

    public async Task<Guid> SubmitAsync(byte[] wav)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(wav);
        part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(part, "file", "clip.wav");
        using var response = await Client.PostAsync("/api/v1/predictions", form);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Follows the job's server-sent events, as a client would, until the final event; returns the job it carries
    /// (status, createdAt, startedAt, finishedAt, result with the worker's timings).
    /// </summary>
    public async Task<JsonElement> FollowAsync(Guid id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{id}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            var data = JsonDocument.Parse(item.Data).RootElement;
            if (data.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.Object)
            {
                return job.Clone();
            }
        }

        throw new InvalidOperationException($"The event stream of job {id} ended without its final event.");
    }

    public async Task<JsonElement> GetAsync(Guid id) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/jobs/{id}")).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
