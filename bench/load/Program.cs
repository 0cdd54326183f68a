// Mixed load through the gateway in distributed mode (PostgreSQL, Redis, two api and two worker replicas, as
// `dotnet run --project App.AppHost -- --distributed` runs them): N concurrent clients for S seconds, each request
// drawn at random from job status (60 %), search (30 %) and uploads (10 %). Prints errors and p50/p95/p99 per kind.
//
//   dotnet run -c Release --project bench/load -- [clients=100] [seconds=60] [gatewayPort=18580] [embedded]
//
// Targets (issue #11): no errors; p95 < 50 ms for status and search on this machine. Uploads also run the model in the
// workers, on the same two cores, so they slow everything a little, as they would in production.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;

var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var gatewayPort = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 18580;
var distributed = !(args.Length > 3 && args[3] == "embedded");

const string adminKey = "sk_benchlod_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";
var data = Directory.CreateTempSubdirectory("bench-load-").FullName;
string[] hostArguments = ["--gateway-port", $"{gatewayPort}", "--data-dir", data, "--environment", "Production", .. distributed ? ["--distributed"] : Array.Empty<string>()];
var host = AppHostProcess.Start(data, BenchSettings.Unlimited(adminKey), hostArguments);
try
{
    var gateway = await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(300));
    using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = clients }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);

    // Set-up: a collection with a few documents to search, and jobs whose status clients read.
    var collection = (await (await http.PostAsJsonAsync("/api/v1/collections", new { name = "load" })).EnsureSuccessStatusCode()
        .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    var documents = new List<Guid>();
    foreach (var (name, text) in Corpus())
    {
        using var form = new MultipartFormDataContent { { new StringContent(text), "file", name } };
        documents.Add((await (await http.PostAsync($"/api/v1/collections/{collection}/documents", form)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    foreach (var document in documents)
    {
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/collections/{collection}/documents/{document}")).GetProperty("status").GetString() is not ("ready" or "failed"))
        {
            await Task.Delay(200);
        }
    }

    var jobs = new ConcurrentBag<Guid>();
    for (var i = 0; i < 20; i++)
    {
        jobs.Add(await UploadAsync(http));
    }

    string[] queries = ["how do I list files sorted by size", "copy a directory recursively", "search text in files", "compress a file", "change file permissions"];
    var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
    var errors = new ConcurrentDictionary<string, int>();
    var errorSamples = new ConcurrentQueue<string>();
    var loadBefore = LoadAverage();
    var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();

    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var random = new Random(c);
        var jobList = jobs.ToArray();
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var roll = random.Next(100);
            var kind = roll < 60 ? "status" : roll < 90 ? "search" : "upload";
            var begun = Stopwatch.GetTimestamp();
            try
            {
                switch (kind)
                {
                    case "status":
                        (await http.GetAsync($"/api/v1/jobs/{jobList[random.Next(jobList.Length)]}")).EnsureSuccessAndDispose();
                        break;
                    case "search":
                        (await http.PostAsJsonAsync($"/api/v1/collections/{collection}/search", new { query = queries[random.Next(queries.Length)], top = 5 })).EnsureSuccessAndDispose();
                        break;
                    default:
                        jobs.Add(await UploadAsync(http));
                        break;
                }

                latencies.GetOrAdd(kind, _ => []).Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
                if (errorSamples.Count < 5)
                {
                    errorSamples.Enqueue($"{kind}: {e.Message}");
                }
            }
        }
    })));

    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var loadAfter = LoadAverage();
    Console.WriteLine($"{clients} clients, {seconds} s, {(distributed ? "distributed (PostgreSQL, Redis, 2 api + 2 worker replicas)" : "embedded")}, load average {loadBefore} before, {loadAfter} after");
    Console.WriteLine($"{"kind",-8} {"requests",9} {"errors",7} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
    var total = 0;
    var totalErrors = 0;
    foreach (var kind in new[] { "status", "search", "upload" })
    {
        var sorted = latencies.GetValueOrDefault(kind)?.Order().ToArray() ?? [];
        var failed = errors.GetValueOrDefault(kind);
        total += sorted.Length;
        totalErrors += failed;
        Console.WriteLine($"{kind,-8} {sorted.Length,9} {failed,7} {sorted.Length / elapsed,8:F1} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.95),8:F1} {Percentile(sorted, 0.99),8:F1}");
    }

    foreach (var sample in errorSamples)
    {
        Console.WriteLine($"  error: {sample}");
    }

    var status = latencies.GetValueOrDefault("status")?.Order().ToArray() ?? [];
    var search = latencies.GetValueOrDefault("search")?.Order().ToArray() ?? [];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"load: {total / elapsed:F0} req/s, errors {totalErrors}, status p95 {Percentile(status, 0.95):F1} ms, search p95 {Percentile(search, 0.95):F1} ms (targets: 0 errors, p95 < 50 ms)"));
}
finally
{
    await host.DisposeAsync();
    // PostgreSQL's last files may still be going away a moment after the AppHost stops.
    for (var attempt = 0; Directory.Exists(data); attempt++)
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException) when (attempt < 20)
        {
            await Task.Delay(500);
        }
    }
}

static async Task<Guid> UploadAsync(HttpClient http)
{
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(Wav.Tone());
    part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
    form.Add(part, "file", "clip.wav");
    using var response = await http.PostAsync("/api/v1/predictions", form);
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode
        ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()
        : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

// Man pages as plain text (man-db, installed by scripts/install-deps.sh), else a few built-in paragraphs.
static IEnumerable<(string Name, string Text)> Corpus()
{
    foreach (var page in new[] { "ls", "cp", "grep", "gzip", "chmod", "find", "tar", "sort" })
    {
        var info = new ProcessStartInfo("man", ["-P", "cat", page]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["MANWIDTH"] = "100";
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (text.Length > 200)
        {
            yield return ($"{page}.txt", text);
        }
    }
}

internal static class ResponseExtensions
{
    public static void EnsureSuccessAndDispose(this HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}");
            }
        }
    }
}
