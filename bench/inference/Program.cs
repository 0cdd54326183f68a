// Speech screening throughput: the bare ONNX Runtime window loop versus the App.Inference pipeline (WAV decoding,
// VAD, segmentation, loudness) over the same 5 s clips, one clip at a time, then the pipeline with one clip per core.
//
//   dotnet run -c Release --project bench/inference -- [clips=40] [seconds=5] [rounds=3]
//
// Each figure is the best of the rounds, after a warm-up pass over every clip.
using System.Diagnostics;
using System.Globalization;
using App.Inference.Models;
using App.Inference.Screening;
using Bench.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var clipCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

using var catalog = new ModelCatalog(
    Options.Create(new ModelCatalogOptions()), NullLogger<ModelCatalog>.Instance);
var model = catalog.Get(SileroVad.ModelName);
var pipeline = new SpeechScreeningPipeline(catalog);
var rate = model.Manifest.SampleRate;

var clips = Enumerable.Range(0, clipCount).Select(i => BenchClips.Make(i, rate, seconds)).ToArray();
var wavs = clips.Select(c => BenchClips.ToWav(c, rate)).ToArray();
var raw = new RawVadLoop(model);

Action[] passes =
[
    () => Array.ForEach(clips, c => raw.Run(c)),
    () => Array.ForEach(wavs, w => pipeline.RunAsync(w).GetAwaiter().GetResult()),
    () => Parallel.ForEach(wavs, w => pipeline.RunAsync(w).GetAwaiter().GetResult()),
];

// Rounds interleave the variants, so a burst of load from elsewhere on the machine hurts them alike.
var best = passes.Select(_ => double.MaxValue).ToArray();
Array.ForEach(passes, pass => pass());
for (var round = 0; round < rounds; round++)
{
    for (var i = 0; i < passes.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        passes[i]();
        best[i] = Math.Min(best[i], Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}

var (rawRate, pipelineRate, parallelRate) = (clips.Length / best[0], clips.Length / best[1], clips.Length / best[2]);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clips: {clips.Length} x {seconds} s at {rate} Hz, best of {rounds}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw ORT window loop       {rawRate,8:F1} clips/s  ({rawRate * seconds,7:F0}x real time)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline (decode + VAD)   {pipelineRate,8:F1} clips/s  ({pipelineRate * seconds,7:F0}x real time)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline / raw            {pipelineRate / rawRate,8:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline, clip per core   {parallelRate,8:F1} clips/s  ({parallelRate / pipelineRate:F2}x one at a time)"));
