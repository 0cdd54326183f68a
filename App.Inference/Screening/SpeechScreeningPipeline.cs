using System.Diagnostics;
using App.Inference.Audio;
using App.Inference.Models;

namespace App.Inference.Screening;

/// <summary>
/// Decodes a clip, finds where speech is with Silero VAD and measures its level. Progress goes from 0 to 100:
/// decoding takes it to <see cref="DecodedProgress"/>, the model windows to <see cref="ModelDoneProgress"/>.
/// </summary>
public sealed class SpeechScreeningPipeline(ModelCatalog catalog)
{
    public const int DecodedProgress = 10;
    public const int ModelDoneProgress = 95;

    /// <exception cref="ModelUnavailableException">The VAD model did not load; checked before any decoding.</exception>
    /// <exception cref="AudioDecodeException">The file cannot be decoded.</exception>
    public async Task<ScreeningResult> RunAsync(
        ReadOnlyMemory<byte> file, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var model = catalog.Get(SileroVad.ModelName);
        progress?.Report(0);

        var audio = await AudioLoader.LoadMonoAsync(file, model.Manifest.SampleRate, cancellationToken).ConfigureAwait(false);
        progress?.Report(DecodedProgress);

        var result = Screen(model, audio, progress, cancellationToken);
        InferenceTelemetry.PipelineDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, ModelTag(model));
        return result;
    }

    /// <summary>Screens audio that is already mono at the model's rate.</summary>
    public ScreeningResult Screen(MonoAudio audio, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Screen(catalog.Get(SileroVad.ModelName), audio, progress, cancellationToken);

    private static ScreeningResult Screen(LoadedModel model, MonoAudio audio, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var manifest = model.Manifest;
        if (audio.SampleRate != manifest.SampleRate)
        {
            throw new ArgumentException($"Audio is at {audio.SampleRate} Hz; {manifest.Name} needs {manifest.SampleRate} Hz.", nameof(audio));
        }

        var lastReported = DecodedProgress;
        void OnWindows(int done, int total)
        {
            var percent = DecodedProgress + ((ModelDoneProgress - DecodedProgress) * done / total);
            if (percent != lastReported)
            {
                lastReported = percent;
                progress?.Report(percent);
            }
        }

        var inferenceStarted = Stopwatch.GetTimestamp();
        var probabilities = SileroVad.SpeechProbabilities(model, audio.Samples, progress is null ? null : OnWindows, cancellationToken);
        InferenceTelemetry.InferenceDuration.Record(Stopwatch.GetElapsedTime(inferenceStarted).TotalSeconds, ModelTag(model));

        var ranges = SpeechSegmenter.Segment(
            probabilities, manifest.Window.Samples, audio.Samples.Length, audio.SampleRate, VadSettings.From(manifest));
        var result = Summarise(model, audio, ranges);

        InferenceTelemetry.AudioProcessed.Add(audio.DurationSeconds, ModelTag(model));
        progress?.Report(100);
        return result;
    }

    private static ScreeningResult Summarise(LoadedModel model, MonoAudio audio, IReadOnlyList<SampleRange> ranges)
    {
        double rate = audio.SampleRate;
        var samples = audio.Samples;
        var segments = ranges
            .Select(r => new SpeechSegment(
                Math.Round(r.Start / rate, 3),
                Math.Round(r.End / rate, 3),
                Loudness.RmsDbfs(samples.AsSpan(r.Start, r.Length))))
            .ToList();

        var speechSamples = ranges.Sum(r => r.Length);
        var loudness = new LoudnessStats(
            Loudness.RmsDbfs(samples),
            Loudness.PeakDbfs(samples),
            speechSamples == 0 ? null : Loudness.RmsDbfs(samples, ranges));

        return new ScreeningResult(
            Math.Round(audio.DurationSeconds, 3),
            samples.Length == 0 ? 0 : Math.Round((double)speechSamples / samples.Length, 4),
            segments,
            loudness,
            model.Manifest.Name,
            model.Manifest.Version,
            ScreeningResult.DisclaimerText);
    }

    private static KeyValuePair<string, object?> ModelTag(LoadedModel model) => new("model", model.Manifest.Name);
}
