using System.Net.Http.Headers;
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
        app._host = AppHostProcess.Start(app._data, new Dictionary<string, string>
        {
            ["APP_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
            ["Identity__RateLimits__Policies__uploads__Limits__free"] = "1000000",
            ["Identity__RateLimits__Policies__reads__Limits__free"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        }, "--gateway-port", $"{gatewayPort}", "--data-dir", app._data, "--environment", "Production");
        var (gateway, _) = await app._host.WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
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

    /// <summary>Polls until the job is final; returns it (status, startedAt, finishedAt: the worker's own stage).</summary>
    public async Task<JsonElement> WaitAsync(Guid id, TimeSpan pollInterval)
    {
        while (true)
        {
            var job = JsonDocument.Parse(await Client.GetStringAsync($"/api/v1/jobs/{id}")).RootElement.Clone();
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled")
            {
                return job;
            }

            await Task.Delay(pollInterval);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
