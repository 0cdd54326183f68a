// Speech screening through the whole path versus the raw ONNX Runtime loop, in one run on the same machine:
//   1. raw: the bare Silero VAD window loop over the clips in process (best of 3 after a warm-up);
//   2. whole path: every clip uploaded through the gateway at once, clips/s from the first upload to the last result;
//      the worker's stage (job startedAt..finishedAt: blob read, decode, VAD, result write) in clips/s, and its ratio to raw;
//   3. latency: one 5 s clip at a time, submit to result (polling every 10 ms), p50/p95.
//
//   dotnet run -c Release --project bench/predictions -- [clips=40] [latencySamples=40] [seconds=5] [gatewayPort=18480]
//
// Embedded mode: SQLite and local blobs under a temporary data directory, one worker (Worker:Concurrency = 1).
using System.Diagnostics;
using System.Globalization;
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

// Warm-up: the first job pays for JIT and connection set-up in every process.
await app.WaitAsync(await app.SubmitAsync(BenchClips.ToWav(BenchClips.Make(100_000, rate, seconds), rate)), TimeSpan.FromMilliseconds(20));

var wavs = clips.Select(c => BenchClips.ToWav(c, rate)).ToArray();
var wholeStarted = Stopwatch.GetTimestamp();
var ids = await Task.WhenAll(wavs.Select(app.SubmitAsync));
// Waits on the last job only (one poller), so client polling does not compete with the worker for the 2 cores.
await app.WaitAsync(ids[^1], TimeSpan.FromMilliseconds(20));
var jobs = await Task.WhenAll(ids.Select(id => app.WaitAsync(id, TimeSpan.FromMilliseconds(20))));
var wholeSeconds = Stopwatch.GetElapsedTime(wholeStarted).TotalSeconds;
var failed = jobs.Count(j => j.GetProperty("status").GetString() != "succeeded");
var workerSeconds = jobs.Sum(j =>
    (j.GetProperty("finishedAt").GetDateTimeOffset() - j.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds);
var wholeRate = clips.Length / wholeSeconds;
var workerRate = clips.Length / workerSeconds;

var latencies = new List<double>();
for (var i = 0; i < latencySamples; i++)
{
    var wav = BenchClips.ToWav(BenchClips.Make(200_000 + i, rate, 5), rate);
    var started = Stopwatch.GetTimestamp();
    await app.WaitAsync(await app.SubmitAsync(wav), TimeSpan.FromMilliseconds(10));
    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clips: {clips.Length} x {seconds} s at {rate} Hz, {Environment.ProcessorCount} cores, embedded mode (SQLite), 1 worker"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw ORT window loop (in process)   {rawRate,8:F1} clips/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker stage (started..finished)   {workerRate,8:F1} clips/s   ratio to raw {workerRate / rawRate:F3} (target >= 0.9)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole path (upload to result)      {wholeRate,8:F1} clips/s   failed jobs: {failed}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"5 s clip submit-to-result ({latencies.Count} one at a time)   p50 {Percentile(0.5):F1} ms   p95 {Percentile(0.95):F1} ms (target p50 < 150 ms)"));
