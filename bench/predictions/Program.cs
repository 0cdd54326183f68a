// Speech screening through the whole path versus the raw ONNX Runtime loop, in one run on the same machine:
//   1. raw: the bare Silero VAD window loop over the clips in process (best of 3 after a warm-up), measured before the
//      app starts and again after it has done its work, because other load on the machine moves every figure; the ratio
//      uses their mean. Beside it the same pipeline the worker runs, in process on the same WAVs, to tell the cost of the
//      code from the cost of running in the worker process next to the rest of the app;
//   2. whole path: every clip uploaded through the gateway at once, clips/s from the first upload to the last result;
//      the inference stage (decode + resample + model + post-processing, timed by the worker and written in the result
//      as timings.totalMs) in clips/s and its ratio to raw; and the job's startedAt..finishedAt (which adds the blob read
//      and the queue's database writes) as a separate row;
//   3. latency: one 5 s clip at a time, submit to result (followed through the job's server-sent events, as a client
//      would), p50/p95, with the median of each step: upload and enqueue, claim delay, in the worker, result to client.
//
//   dotnet run -c Release --project bench/predictions -- [clips=40] [latencySamples=40] [seconds=5] [gatewayPort=18480]
//
// Embedded mode: SQLite and local blobs under a temporary data directory, one worker (Worker:Concurrency = 1).
// The steps are measured against the servers' timestamps (createdAt, startedAt, finishedAt): one machine, one clock.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using App.Inference.Models;
using App.Inference.Screening;
using Bench.Inference;
using Bench.Predictions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var clipCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var latencySamples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var gatewayPort = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 18480;

using var catalog = new ModelCatalog(Options.Create(new ModelCatalogOptions()), NullLogger<ModelCatalog>.Instance);
var model = catalog.Get(SileroVad.ModelName);
var rate = model.Manifest.SampleRate;
var clips = Enumerable.Range(0, clipCount).Select(i => BenchClips.Make(i, rate, seconds)).ToArray();
var raw = new RawVadLoop(model);

var wavs = clips.Select(c => BenchClips.ToWav(c, rate)).ToArray();
var pipeline = new SpeechScreeningPipeline(catalog);
Array.ForEach(clips, c => raw.Run(c));
var rawBefore = BestRate(clips.Length, () => Array.ForEach(clips, c => raw.Run(c)));
var inProcessBefore = BestRate(clips.Length, () => Array.ForEach(wavs, w => pipeline.RunAsync(w).GetAwaiter().GetResult()));
var loadBefore = LoadAverage();

await using var app = await BenchApp.StartAsync(gatewayPort);

// Warm-up, the measured run's shape on other clips (the same content would be answered from the dedupe window): the
// first jobs pay for JIT (tier-up compiles in the background, on the same 2 cores) and connection set-up in every process.
foreach (var id in await Task.WhenAll(clips.Select((_, i) => app.SubmitAsync(BenchClips.ToWav(BenchClips.Make(100_000 + i, rate, seconds), rate)))))
{
    await app.FollowAsync(id);
}

var wholeStarted = Stopwatch.GetTimestamp();
var ids = await Task.WhenAll(wavs.Select(app.SubmitAsync));
var allAcceptedAt = DateTimeOffset.UtcNow;
// One stream at a time, so the client does not compete with the worker for the cores.
var jobs = new List<JsonElement>();
foreach (var id in ids)
{
    jobs.Add(await app.FollowAsync(id));
}

var wholeSeconds = Stopwatch.GetElapsedTime(wholeStarted).TotalSeconds;
var failed = jobs.Count(j => j.GetProperty("status").GetString() != "succeeded");
var succeeded = jobs.Where(j => j.GetProperty("status").GetString() == "succeeded").ToList();
var stageSeconds = succeeded.Sum(j => Timings(j).GetProperty("totalMs").GetDouble()) / 1000;
var jobSeconds = succeeded.Sum(j => (At(j, "finishedAt") - At(j, "startedAt")).TotalSeconds);
var stageRate = succeeded.Count / stageSeconds;
// While uploads are still arriving, gateway and api take CPU from the worker; jobs started after the last 202 did not share it.
var alone = succeeded.Where(j => At(j, "startedAt") >= allAcceptedAt).ToList();
var aloneRate = alone.Count / (alone.Sum(j => Timings(j).GetProperty("totalMs").GetDouble()) / 1000);
var jobRate = succeeded.Count / jobSeconds;
// The worker's thread CPU time over the model's wall time: under 1 means the model waited for a core.
var onCore = succeeded.Sum(j => Timings(j).TryGetProperty("inferenceCpuMs", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : double.NaN)
    / succeeded.Sum(j => Timings(j).GetProperty("inferenceMs").GetDouble());
var wholeRate = clips.Length / wholeSeconds;

var latencies = new List<double>();
var upload = new List<double>();
var commit = new List<double>();
var claim = new List<double>();
var worker = new List<double>();
var stage = new List<double>();
var decode = new List<double>();
var modelRun = new List<double>();
var modelCpu = new List<double>();
var notify = new List<double>();
for (var i = 0; i < latencySamples; i++)
{
    var wav = BenchClips.ToWav(BenchClips.Make(200_000 + i, rate, 5), rate);
    var submittedAt = DateTimeOffset.UtcNow;
    var started = Stopwatch.GetTimestamp();
    var id = await app.SubmitAsync(wav);
    var acceptedAt = DateTimeOffset.UtcNow;
    var job = await app.FollowAsync(id);
    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    var doneAt = DateTimeOffset.UtcNow;
    upload.Add((At(job, "createdAt") - submittedAt).TotalMilliseconds);
    commit.Add((acceptedAt - At(job, "createdAt")).TotalMilliseconds);
    claim.Add((At(job, "startedAt") - At(job, "createdAt")).TotalMilliseconds);
    worker.Add((At(job, "finishedAt") - At(job, "startedAt")).TotalMilliseconds);
    stage.Add(Timings(job).GetProperty("totalMs").GetDouble());
    decode.Add(Timings(job).GetProperty("decodeMs").GetDouble());
    modelRun.Add(Timings(job).GetProperty("inferenceMs").GetDouble());
    if (Timings(job).TryGetProperty("inferenceCpuMs", out var cpuMs) && cpuMs.ValueKind == JsonValueKind.Number)
    {
        modelCpu.Add(cpuMs.GetDouble());
    }

    notify.Add((doneAt - At(job, "finishedAt")).TotalMilliseconds);
}

// Measured again at the end, the app idle: other load on the machine moves both the raw loop and the worker.
var rawAfter = BestRate(clips.Length, () => Array.ForEach(clips, c => raw.Run(c)));
var inProcessAfter = BestRate(clips.Length, () => Array.ForEach(wavs, w => pipeline.RunAsync(w).GetAwaiter().GetResult()));
var rawRate = (rawBefore + rawAfter) / 2;

Console.WriteLine(Line($"clips: {clips.Length} x {seconds} s at {rate} Hz, {Environment.ProcessorCount} cores, embedded mode (SQLite), 1 worker"));
Console.WriteLine(Line($"load average (1 min) before {loadBefore}, after {LoadAverage()}"));
Console.WriteLine(Line($"raw ORT window loop (in process)            {rawRate,8:F1} clips/s   (before {rawBefore:F1}, after {rawAfter:F1})"));
Console.WriteLine(Line($"same stage in process (pipeline on the WAVs) {(inProcessBefore + inProcessAfter) / 2,7:F1} clips/s   ratio to raw {(inProcessBefore + inProcessAfter) / 2 / rawRate:F3} (before {inProcessBefore:F1}, after {inProcessAfter:F1}; no target)"));
Console.WriteLine(Line($"inference stage (worker, decode..result)    {stageRate,8:F1} clips/s   ratio to raw {stageRate / rawRate:F3} (target >= 0.9; the model on a core {onCore:P0} of its time)"));
Console.WriteLine(Line($"  of which {alone.Count,2} jobs started after the last upload {aloneRate,8:F1} clips/s   ratio to raw {aloneRate / rawRate:F3}"));
Console.WriteLine(Line($"job started..finished (+ blob read, queue)  {jobRate,8:F1} clips/s   ratio to raw {jobRate / rawRate:F3} (no target)"));
Console.WriteLine(Line($"whole path (upload to result, all at once)  {wholeRate,8:F1} clips/s   failed jobs: {failed} (no target)"));
Console.WriteLine(Line($"5 s clip submit-to-result ({latencies.Count} one at a time, SSE)   p50 {Percentile(latencies, 0.5):F1} ms   p95 {Percentile(latencies, 0.95):F1} ms (target p50 < 50 ms)"));
Console.WriteLine(Line($"  medians: upload through gateway to enqueue (createdAt) {Percentile(upload, 0.5):F1} ms | enqueue commit to 202 at client {Percentile(commit, 0.5):F1} ms"));
Console.WriteLine(Line($"           claim delay (createdAt..startedAt) {Percentile(claim, 0.5):F1} ms"));
Console.WriteLine(Line($"           in worker (startedAt..finishedAt) {Percentile(worker, 0.5):F1} ms, of which inference stage {Percentile(stage, 0.5):F1} ms (decode {Percentile(decode, 0.5):F1}, model {Percentile(modelRun, 0.5):F1}, of which on a core {(modelCpu.Count > 0 ? Percentile(modelCpu, 0.5) : double.NaN):F1})"));
Console.WriteLine(Line($"           result to client (finishedAt..final SSE event) {Percentile(notify, 0.5):F1} ms"));
return failed == 0 ? 0 : 1;

static double BestRate(int count, Action run)
{
    var best = double.MaxValue;
    for (var round = 0; round < 3; round++)
    {
        var started = Stopwatch.GetTimestamp();
        run();
        best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    return count / best;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static DateTimeOffset At(JsonElement job, string name) => job.GetProperty(name).GetDateTimeOffset();

static JsonElement Timings(JsonElement job) => job.GetProperty("result").GetProperty("timings");

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
