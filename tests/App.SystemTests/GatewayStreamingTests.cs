using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;

namespace App.SystemTests;

/// <summary>The system with jobs that wait until canceled (<see cref="ParkedJobs"/>).</summary>
public sealed class ParkedJobsAppHost : AppHostFixture
{
    protected override IReadOnlyDictionary<string, string> Environment => ParkedJobs.Settings;
}

/// <summary>Bodies and event streams pass the gateway as streams: nothing of them is held whole in between.</summary>
public sealed class GatewayStreamingTests(ParkedJobsAppHost app) : IClassFixture<ParkedJobsAppHost>
{
    private const long UploadBytes = 100L * 1024 * 1024;
    private const long MaxGatewayGrowthBytes = 40L * 1024 * 1024;

    /// <summary>App.Api's PredictionsOptions.MaxUploadBytes: the api's own limit, below the gateway's for its upload routes.</summary>
    private const long ApiUploadLimit = 10L * 1024 * 1024;

    [Fact]
    public async Task A_100_MB_upload_gets_the_api_own_answer_and_the_gateway_memory_stays_flat()
    {
        var gateway = Assert.Single(app.ProcessesOf("gateway"));
        using var client = app.Client(app.AdminKey);
        // Warm the route (connections, JIT) so the baseline is the gateway's working set in use.
        using (var warm = await client.PostAsync("/api/v1/predictions", Wav.Upload(Wav.Tone())))
        {
            Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);
        }

        var baseline = ResidentBytes(gateway);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(gateway, sampling.Token);

        using var form = new MultipartFormDataContent();
        // No length: sent chunked, generated as it is read.
        var file = new StreamContent(new GeneratedStream(UploadBytes), 64 * 1024);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "large.wav");
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/v1/predictions", form);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed;
        await Task.Delay(500);
        await sampling.CancelAsync();
        var growth = await peak - baseline;

        // The api refuses past its own limit (a gateway refusal would name the gateway's limit, or come as 502).
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode} after {elapsed.TotalSeconds:0.0} s: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("payload_too_large", problem.GetProperty("code").GetString());
        Assert.Contains($"limit of {ApiUploadLimit.ToString(CultureInfo.InvariantCulture)} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(growth < MaxGatewayGrowthBytes,
            $"The gateway's working set grew by {growth / (1024 * 1024)} MB (from {baseline / (1024 * 1024)} MB) during a {UploadBytes / (1024 * 1024)} MB upload.");
    }

    [Fact]
    public async Task Server_sent_events_arrive_one_by_one_not_when_the_job_ends()
    {
        using var client = app.Client(app.AdminKey);
        var jobId = await ParkedJobs.SubmitAsync(client);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = ServerSentEvents.FollowAsync(client, ParkedJobs.EventsPath(jobId), cancellationToken: limit.Token)
            .GetAsyncEnumerator(limit.Token);

        // The job waits (no worker runs its kind) until canceled: a gateway that held the stream back would deliver
        // nothing here, and the test would stop at the limit.
        Assert.True(await events.MoveNextAsync(), "The stream ended without an event.");
        var first = events.Current;
        var whileQueued = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
        using (var cancel = await client.DeleteAsync($"/api/v1/jobs/{jobId}"))
        {
            Assert.True(cancel.IsSuccessStatusCode, $"cancel: {(int)cancel.StatusCode}");
        }

        var rest = new List<ServerSentEvent>();
        while (await events.MoveNextAsync())
        {
            rest.Add(events.Current);
        }

        var final = Assert.Single(rest, e => e.Data.GetProperty("job").ValueKind == JsonValueKind.Object);
        var finishedAt = final.Data.GetProperty("job").GetProperty("finishedAt").GetDateTimeOffset();
        Assert.Equal("queued", first.Data.GetProperty("status").GetString());
        Assert.Equal("queued", whileQueued.GetProperty("status").GetString());
        Assert.Equal("canceled", final.Data.GetProperty("status").GetString());
        Assert.True(first.ReceivedAt < finishedAt, $"The first event arrived at {first.ReceivedAt:O}, the job finished at {finishedAt:O}.");
        Assert.True(final.ReceivedAt >= finishedAt, $"The final event arrived at {final.ReceivedAt:O}, before the job finished at {finishedAt:O}?");
    }

    /// <summary>The highest working set (VmRSS) of the process seen every 20 ms until canceled.</summary>
    private static async Task<long> SamplePeakAsync(int pid, CancellationToken cancellationToken)
    {
        var peak = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, ResidentBytes(pid));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, ResidentBytes(pid));
    }

    private static long ResidentBytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
