// Extraction throughput with a stand-in model that answers at once: what the system itself costs per page (upload,
// queue, blob, pdftotext, prompt and token counting, HTTP to the model, validation, merge, a progress write per page,
// completion). Every document is uploaded through the gateway at once, then followed to its end.
//
//   dotnet run -c Release --project bench/extractions -- [documents=10] [pages=60] [gatewayPort=18490]
//
// Figures: pages/s from the first upload to the last result, pages/s inside the worker (first startedAt to last
// finishedAt, the servers' clock), and model calls per page (from each result's usage). Embedded mode: SQLite, local
// blobs, one worker with its default settings (2 jobs at once, 4 pages of a job at once).
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Rag.Tests.Fixtures;
using App.Testing;

var documents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var pages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var gatewayPort = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 18490;
const string adminKey = "sk_benchext_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

await using var model = await OpenAICompatibleServer.StartAsync();
model.Answer = Sentences;
var data = Directory.CreateTempSubdirectory("bench-extractions-").FullName;
var settings = BenchSettings.Unlimited(adminKey);
settings["ConnectionStrings__chat"] = $"Endpoint={model.Endpoint};Key=bench;Model=bench-model";
var host = AppHostProcess.Start(data, settings, "--gateway-port", $"{gatewayPort}", "--data-dir", data, "--environment", "Production");
try
{
    var gateway = await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
    using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 16 }) { BaseAddress = gateway };
    client.DefaultRequestHeaders.Add("X-Api-Key", adminKey);

    // Warm-up: the first jobs pay for JIT and connection set-up in every process.
    foreach (var id in await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SubmitAsync(client, Pdf(pages)))))
    {
        await UntilDoneAsync(client, id);
    }

    var pdfs = Enumerable.Range(0, documents).Select(_ => Pdf(pages)).ToList();
    var callsBefore = model.ChatAttempts;
    var started = Stopwatch.GetTimestamp();
    var ids = await Task.WhenAll(pdfs.Select(p => SubmitAsync(client, p)));
    var jobs = new List<JsonElement>();
    foreach (var id in ids)
    {
        jobs.Add(await UntilDoneAsync(client, id));
    }

    var wall = Stopwatch.GetElapsedTime(started);
    var failed = jobs.Count(j => j.GetProperty("status").GetString() != "succeeded");
    var totalPages = jobs.Sum(j => j.GetProperty("result").GetProperty("pages").GetInt32());
    var modelCalls = jobs.Sum(j => j.GetProperty("result").GetProperty("usage").GetProperty("modelCalls").GetInt32());
    var firstStart = jobs.Min(j => j.GetProperty("startedAt").GetDateTimeOffset());
    var lastFinish = jobs.Max(j => j.GetProperty("finishedAt").GetDateTimeOffset());
    var perJob = jobs.Select(j => (j.GetProperty("finishedAt").GetDateTimeOffset() - j.GetProperty("startedAt").GetDateTimeOffset()).TotalMilliseconds)
        .Order().ToList();

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        documents {documents} x {pages} pages = {totalPages} pages, failed {failed}
        whole path (first upload to last result): {wall.TotalSeconds:F2} s, {totalPages / wall.TotalSeconds:F1} pages/s
        in the worker (first start to last finish): {(lastFinish - firstStart).TotalSeconds:F2} s, {totalPages / (lastFinish - firstStart).TotalSeconds:F1} pages/s
        one job, start to finish: p50 {perJob[perJob.Count / 2]:F0} ms, max {perJob[^1]:F0} ms ({pages} pages)
        model calls per page: {(double)modelCalls / totalPages:F2} (stand-in saw {model.ChatAttempts - callsBefore} requests)
        load average: {File.ReadAllText("/proc/loadavg").Trim()}
        """));
}
finally
{
    await host.DisposeAsync();
    Directory.Delete(data, recursive: true);
}

// Unique text per document, so no job is answered from the cache.
static byte[] Pdf(int pages)
{
    var tag = Guid.NewGuid().ToString("N")[..12];
    return TestPdf.Build(Enumerable.Range(1, pages)
        .Select(p => Enumerable.Range(1, 3).Select(s => $"Sentence {s} of page {p} in document {tag}.").ToArray()).ToArray());
}

static ChatAnswer Sentences(JsonObject request)
{
    var page = request["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();
    var sentences = page.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Where(l => l.EndsWith('.')).Select(l => new { text = l });
    return new ChatAnswer(JsonSerializer.Serialize(new { sentences }));
}

static async Task<Guid> SubmitAsync(HttpClient client, byte[] pdf)
{
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(pdf);
    part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    form.Add(part, "file", "document.pdf");
    form.Add(new StringContent("sentences"), "schema");
    using var response = await client.PostAsync("/api/v1/extractions", form);
    var body = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode
        ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()
        : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
}

static async Task<JsonElement> UntilDoneAsync(HttpClient client, Guid id)
{
    while (true)
    {
        var job = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/extractions/{id}")).RootElement.Clone();
        if (job.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled")
        {
            return job;
        }

        await Task.Delay(100);
    }
}
