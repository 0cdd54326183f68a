using System.Text.Json;
using App.Inference.Audio;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Golden;

/// <summary>
/// Fails when the pipeline drifts from the recorded baseline: a different model, resampler or segmentation change
/// that moves speech boundaries shows up here. To re-record after an intended change, run with UPDATE_GOLDEN=1
/// (the test then rewrites Golden/baseline.json in the source tree, keeping its tolerances) and commit the file.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class GoldenRegressionTests(ModelsFixture models)
{
    [Fact]
    public async Task Every_clip_stays_within_tolerance_of_the_baseline()
    {
        var baseline = GoldenBaseline.Load();
        var measured = new List<GoldenClip>();
        var drifts = new List<string>();

        foreach (var clip in baseline.Clips)
        {
            var samples = await ClipFactory.MakeAsync(clip);
            var result = models.Pipeline.Screen(new MonoAudio(ClipFactory.Rate, samples));
            var segments = result.Segments.Select(s => new[] { s.Start, s.End }).ToList();
            measured.Add(clip with { SpeechRatio = result.SpeechRatio, Segments = segments });

            var iou = SpeechTime.IoU(clip.Segments, segments);
            if (iou < baseline.MinSpeechIoU || Math.Abs(result.SpeechRatio - clip.SpeechRatio) > baseline.MaxSpeechRatioError)
            {
                drifts.Add($"{clip.Name}: speech ratio {result.SpeechRatio} (baseline {clip.SpeechRatio}), speech-time IoU {iou:F3}");
            }
        }

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var updated = baseline with { EspeakNg = Espeak.Version(), Clips = measured };
            await File.WriteAllTextAsync(GoldenBaseline.SourcePath(), JsonSerializer.Serialize(updated, GoldenBaseline.Json) + "\n");
            return;
        }

        Assert.True(
            drifts.Count == 0,
            $"Drifted past IoU >= {baseline.MinSpeechIoU} / ratio error <= {baseline.MaxSpeechRatioError}:\n{string.Join('\n', drifts)}\n" +
            $"Baseline recorded with {baseline.EspeakNg}; this machine has {Espeak.Version()}.");
    }
}
