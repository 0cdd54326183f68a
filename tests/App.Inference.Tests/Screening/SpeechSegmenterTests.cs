using App.Inference.Screening;

namespace App.Inference.Tests.Screening;

public sealed class SpeechSegmenterTests
{
    // 32 ms windows at 16 kHz; silero's defaults.
    private const int Window = 512;
    private const int Rate = 16000;
    private static readonly VadSettings Settings = new(0.5f, 0.35f, MinSpeechMs: 250, MinSilenceMs: 100, SpeechPadMs: 30);
    private const int Pad = 480;

    [Fact]
    public void A_speech_run_becomes_one_padded_segment()
    {
        var probabilities = Pattern((10, 0.1f), (20, 0.9f), (10, 0.1f));

        var segments = Segment(probabilities);

        Assert.Equal([new SampleRange((10 * Window) - Pad, (30 * Window) + Pad)], segments);
    }

    [Fact]
    public void Dips_shorter_than_the_minimum_silence_do_not_split_speech()
    {
        // Three windows (96 ms) under the negative threshold is less than 100 ms of silence.
        var probabilities = Pattern((5, 0.1f), (10, 0.9f), (3, 0.1f), (10, 0.9f), (10, 0.1f));

        Assert.Single(Segment(probabilities));
    }

    [Fact]
    public void Values_between_the_two_thresholds_keep_speech_going()
    {
        var probabilities = Pattern((5, 0.1f), (10, 0.9f), (20, 0.4f), (10, 0.1f));

        var segment = Assert.Single(Segment(probabilities));
        Assert.Equal((35 * Window) + Pad, segment.End);
    }

    [Fact]
    public void Silence_longer_than_the_minimum_splits_speech_in_two()
    {
        var probabilities = Pattern((5, 0.1f), (10, 0.9f), (5, 0.1f), (10, 0.9f), (10, 0.1f));

        var segments = Segment(probabilities);

        Assert.Equal(
            [new SampleRange((5 * Window) - Pad, (15 * Window) + Pad), new SampleRange((20 * Window) - Pad, (30 * Window) + Pad)],
            segments);
    }

    [Fact]
    public void Segments_closer_than_two_pads_split_the_gap_between_them()
    {
        // With 100 ms pads, the 160 ms gap is less than two pads: each side takes half (80 ms = 1280 samples).
        var wide = Settings with { SpeechPadMs = 100 };
        var probabilities = Pattern((5, 0.1f), (10, 0.9f), (5, 0.1f), (10, 0.9f), (10, 0.1f));

        var segments = SpeechSegmenter.Segment(probabilities, Window, probabilities.Length * Window, Rate, wide);

        Assert.Equal(2, segments.Count);
        Assert.Equal((15 * Window) + 1280, segments[0].End);
        Assert.Equal(segments[0].End, segments[1].Start);
    }

    [Fact]
    public void Speech_shorter_than_the_minimum_is_dropped()
    {
        // Seven windows is 224 ms, under the 250 ms minimum.
        var probabilities = Pattern((10, 0.1f), (7, 0.9f), (10, 0.1f));

        Assert.Empty(Segment(probabilities));
    }

    [Fact]
    public void Speech_running_to_the_end_is_closed_at_the_end_of_the_clip()
    {
        var probabilities = Pattern((10, 0.1f), (20, 0.9f));

        var segment = Assert.Single(Segment(probabilities, totalSamples: (30 * Window) - 100));

        Assert.Equal((30 * Window) - 100, segment.End);
    }

    private static IReadOnlyList<SampleRange> Segment(float[] probabilities, int? totalSamples = null) =>
        SpeechSegmenter.Segment(probabilities, Window, totalSamples ?? probabilities.Length * Window, Rate, Settings);

    private static float[] Pattern(params (int Windows, float Probability)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Probability, r.Windows)).ToArray();
}
