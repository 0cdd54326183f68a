using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
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

    /// <summary>
    /// The predictions upload route's limit at the gateway (ReverseProxy:Routes:predictions-upload:MaxRequestBodySize):
    /// the api's own 10 MB plus room for the multipart framing, so an upload the api would refuse stops at the edge.
    /// </summary>
    private const long RouteLimit = 11L * 1024 * 1024;

    /// <summary>
    /// A chunked upload streams through the gateway until the route's limit, where the gateway answers 413 itself while
    /// the client still sends. (When the api answered first, closing its connection mid-body, the gateway could only
    /// report a broken exchange: 502.) Sent on a raw connection that reads while it sends, as a client must to see an
    /// answer that comes before its body is done (HttpClient reports the broken pipe of the closed connection instead).
    /// </summary>
    [Fact]
    public async Task A_100_MB_upload_is_refused_at_the_routes_limit_while_streaming_and_the_gateway_memory_stays_flat()
    {
        var gateway = Assert.Single(app.ProcessesOf("gateway"));
        using (var client = app.Client(app.AdminKey))
        {
            // Warm the route (connections, JIT) so the baseline is the gateway's working set in use.
            using var warm = await client.PostAsync("/api/v1/predictions", Wav.Upload(Wav.Tone()));
            Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);
        }

        var baseline = ResidentBytes(gateway);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(gateway, sampling.Token);
        var (head, body, sent) = await UploadAsync(UploadBytes);
        await Task.Delay(500);
        await sampling.CancelAsync();
        var growth = await peak - baseline;

        Assert.True(head.StartsWith("HTTP/1.1 413 ", StringComparison.Ordinal), $"After {sent / (1024 * 1024)} MB sent: {head}\n{body}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("payload_too_large", problem.GetProperty("code").GetString());
        // Counted when a write completes: the write that crossed the limit may still be pending when the 413 is read.
        Assert.True(sent >= RouteLimit, $"Only {sent} bytes were sent.");
        Assert.True(growth < MaxGatewayGrowthBytes,
            $"The gateway's working set grew by {growth / (1024 * 1024)} MB (from {baseline / (1024 * 1024)} MB) while {sent / (1024 * 1024)} MB were sent.");
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

    /// <summary>
    /// A chunked multipart upload of <paramref name="length"/> generated bytes as the platform admin, on a raw connection:
    /// it sends until the answer is complete (or the connection refuses more), reading all the while.
    /// </summary>
    /// <returns>The answer's status line and headers, its body (de-chunked), and how many file bytes were sent.</returns>
    private async Task<(string Head, string Body, long Sent)> UploadAsync(long length)
    {
        const string boundary = "gateway-upload-test";
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, app.GatewayPort);
        await using var connection = tcp.GetStream();
        using var answered = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var reading = ReadAnswerAsync(connection, answered.Token);
        var sent = 0L;
        try
        {
            await connection.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /api/v1/predictions HTTP/1.1\r\n" +
                $"Host: localhost:{app.GatewayPort}\r\nX-Api-Key: {app.AdminKey}\r\nTransfer-Encoding: chunked\r\n" +
                $"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n"), answered.Token);
            await WriteChunkAsync(connection, Encoding.ASCII.GetBytes(
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"generated.bin\"\r\n" +
                "Content-Type: application/octet-stream\r\n\r\n"), answered.Token);
            await using var file = new GeneratedStream(length);
            var buffer = new byte[64 * 1024];
            int read;
            while (!reading.IsCompleted && (read = await file.ReadAsync(buffer, answered.Token)) > 0)
            {
                await WriteChunkAsync(connection, buffer.AsMemory(0, read), answered.Token);
                sent += read;
            }

            if (!reading.IsCompleted)
            {
                await WriteChunkAsync(connection, Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n"), answered.Token);
                await connection.WriteAsync("0\r\n\r\n"u8.ToArray(), answered.Token);
            }
        }
        catch (IOException)
        {
            // The far end stopped reading and closed: its answer, if it sent one, is being read.
        }

        var (head, body) = await reading;
        return (head, body, sent);
    }

    private static async Task WriteChunkAsync(Stream connection, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await connection.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), cancellationToken);
        await connection.WriteAsync(data, cancellationToken);
        await connection.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
    }

    /// <summary>One HTTP/1.1 answer: its head, then a body of Content-Length bytes or in chunks.</summary>
    private static async Task<(string Head, string Body)> ReadAnswerAsync(Stream connection, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
            if (text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
            {
                var head = text[..end];
                var rest = text[(end + 4)..];
                var lengthHeader = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                if (lengthHeader is not null && rest.Length >= int.Parse(lengthHeader["Content-Length:".Length..], CultureInfo.InvariantCulture))
                {
                    return (head, rest);
                }

                if (lengthHeader is null && rest.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
                {
                    return (head, Dechunk(rest));
                }
            }

            int read;
            try
            {
                read = await connection.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException e)
            {
                return ($"(connection failed: {e.Message}) {text}", "");
            }

            if (read == 0)
            {
                return ($"(connection closed) {text}", "");
            }

            received.Write(buffer, 0, read);
        }
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(chunked[position..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
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
