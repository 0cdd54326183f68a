using System.Diagnostics;
using App.Inference;
using App.Inference.Audio;
using App.Inference.Models;
using App.Inference.Screening;

namespace App.Worker.Screening;

/// <summary>
/// The pipeline's two steps run one after the other with a stopwatch between them, so a job records how long
/// decoding and the model took (<see cref="ScreeningTimings"/>) and the stage feeds the pipeline duration histogram.
/// </summary>
public sealed class TimedScreening(ModelCatalog catalog, SpeechScreeningPipeline pipeline)
{
    private static readonly KeyValuePair<string, object?> ModelTag = new("model", SileroVad.ModelName);

    /// <exception cref="InferenceException">The model is unavailable (checked before decoding) or the file cannot be decoded.</exception>
    public async Task<(ScreeningResult Result, ScreeningTimings Timings)> RunAsync(
        byte[] file, TimeSpan readTime, IProgress<int> progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sampleRate = catalog.Get(SileroVad.ModelName).Manifest.SampleRate;
        progress.Report(0);
        var audio = await AudioLoader.LoadMonoAsync(file, sampleRate, cancellationToken);
        var decoded = Stopwatch.GetTimestamp();
        progress.Report(SpeechScreeningPipeline.DecodedProgress);

        var cpuBefore = ThreadCpuTime.Now();
        var result = pipeline.Screen(audio, progress, cancellationToken);
        var cpu = ThreadCpuTime.Now() - cpuBefore;
        var total = Stopwatch.GetElapsedTime(started);
        InferenceTelemetry.PipelineDuration.Record(total.TotalSeconds, ModelTag);

        var decode = Stopwatch.GetElapsedTime(started, decoded);
        return (result, new ScreeningTimings(
            Milliseconds(readTime), Milliseconds(decode), Milliseconds(total - decode), Milliseconds(total),
            cpu is { } used ? Milliseconds(used) : null));
    }

    private static double Milliseconds(TimeSpan time) => Math.Round(time.TotalMilliseconds, 2);
}
