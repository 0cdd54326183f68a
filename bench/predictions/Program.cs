// Speech screening through the whole path versus the raw ONNX Runtime loop, in one run on the same machine:
//   1. raw: the bare Silero VAD window loop over the clips in process (best of 3 after a warm-up);
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

Array.ForEach(clips, c => raw.Run(c));
var rawBest = double.MaxValue;
for (var round = 0; round < 3; round++)
{
    var started = Stopwatch.GetTimestamp();
    Array.ForEach(clips, c => raw.Run(c));
    rawBest = Math.Min(rawBest, Stopwatch.GetElapsedTime(started).TotalSeconds);
}

var rawRate = clips.Length / rawBest;

await using var app = await BenchApp.StartAsync(gatewayPort);

// Warm-up: the first jobs pay for JIT and connection set-up in every process.
for (var i = 0; i < 3; i++)
{
    await app.FollowAsync(await app.SubmitAsync(BenchClips.ToWav(BenchClips.Make(100_000 + i, rate, seconds), rate)));
}

var wavs = clips.Select(c => BenchClips.ToWav(c, rate)).ToArray();
var wholeStarted = Stopwatch.GetTimestamp();
var ids = await Task.WhenAll(wavs.Select(app.SubmitAsync));
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
var jobRate = succeeded.Count / jobSeconds;
var wholeRate = clips.Length / wholeSeconds;

var latencies = new List<double>();
var upload = new List<double>();
var claim = new List<double>();
var worker = new List<double>();
var stage = new List<double>();
var decode = new List<double>();
var modelRun = new List<double>();
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
    upload.Add((acceptedAt - submittedAt).TotalMilliseconds);
    claim.Add((At(job, "startedAt") - At(job, "createdAt")).TotalMilliseconds);
    worker.Add((At(job, "finishedAt") - At(job, "startedAt")).TotalMilliseconds);
    stage.Add(Timings(job).GetProperty("totalMs").GetDouble());
    decode.Add(Timings(job).GetProperty("decodeMs").GetDouble());
    modelRun.Add(Timings(job).GetProperty("inferenceMs").GetDouble());
    notify.Add((doneAt - At(job, "finishedAt")).TotalMilliseconds);
}

Console.WriteLine(Line($"clips: {clips.Length} x {seconds} s at {rate} Hz, {Environment.ProcessorCount} cores, embedded mode (SQLite), 1 worker"));
Console.WriteLine(Line($"raw ORT window loop (in process)            {rawRate,8:F1} clips/s"));
Console.WriteLine(Line($"inference stage (worker, decode..result)    {stageRate,8:F1} clips/s   ratio to raw {stageRate / rawRate:F3} (target >= 0.9)"));
Console.WriteLine(Line($"job started..finished (+ blob read, queue)  {jobRate,8:F1} clips/s   ratio to raw {jobRate / rawRate:F3} (no target)"));
Console.WriteLine(Line($"whole path (upload to result, all at once)  {wholeRate,8:F1} clips/s   failed jobs: {failed} (no target)"));
Console.WriteLine(Line($"5 s clip submit-to-result ({latencies.Count} one at a time, SSE)   p50 {Percentile(latencies, 0.5):F1} ms   p95 {Percentile(latencies, 0.95):F1} ms (target p50 < 150 ms)"));
Console.WriteLine(Line($"  medians: upload+enqueue (client, to 202) {Percentile(upload, 0.5):F1} ms | claim delay (createdAt..startedAt) {Percentile(claim, 0.5):F1} ms"));
Console.WriteLine(Line($"           in worker (startedAt..finishedAt) {Percentile(worker, 0.5):F1} ms, of which inference stage {Percentile(stage, 0.5):F1} ms (decode {Percentile(decode, 0.5):F1}, model {Percentile(modelRun, 0.5):F1})"));
Console.WriteLine(Line($"           result to client (finishedAt..final SSE event) {Percentile(notify, 0.5):F1} ms"));
return failed == 0 ? 0 : 1;

static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static DateTimeOffset At(JsonElement job, string name) => job.GetProperty(name).GetDateTimeOffset();

static JsonElement Timings(JsonElement job) => job.GetProperty("result").GetProperty("timings");

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
