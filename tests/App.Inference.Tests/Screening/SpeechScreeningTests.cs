using App.Inference.Audio;
using App.Inference.Screening;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Screening;

[Collection(ModelsCollection.Name)]
public sealed class SpeechScreeningTests(ModelsFixture models)
{
    private const int Rate = 16000;

    [Fact]
    public async Task Spoken_words_padded_with_silence_are_found_where_they_are()
    {
        var speech = await Load(Espeak.Speak("Please read this sentence aloud, slowly and clearly, for the screening test."));
        var padded = Signals.Pad(speech.Samples, Rate, 1.0, 1.0);

        var result = await models.Pipeline.RunAsync(WavWriter.WriteMono16(padded, Rate));

        Assert.NotEmpty(result.Segments);
        Assert.InRange(result.Segments[0].Start, 0.8, 1.5);
        Assert.InRange(result.Segments[^1].End, result.DurationSeconds - 1.5, result.DurationSeconds - 0.8);
        Assert.InRange(result.SpeechRatio, 0.3, 0.95);
        Assert.NotNull(result.Loudness.SpeechRmsDbfs);
        Assert.True(result.Loudness.SpeechRmsDbfs > result.Loudness.RmsDbfs, "speech is louder than the whole clip, which includes silence");
        Assert.Equal("silero-vad", result.Model);
        Assert.Equal("5.0", result.ModelVersion);
        Assert.StartsWith("Not a medical diagnosis", result.Disclaimer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_has_no_speech()
    {
        var result = await models.Pipeline.RunAsync(WavWriter.WriteMono16(Signals.Silence(Rate, 5), Rate));

        Assert.Empty(result.Segments);
        Assert.True(result.SpeechRatio < 0.05);
        Assert.Equal(5.0, result.DurationSeconds);
        Assert.Equal(Loudness.FloorDbfs, result.Loudness.RmsDbfs);
        Assert.Null(result.Loudness.SpeechRmsDbfs);
    }

    [Fact]
    public async Task White_noise_is_mostly_not_speech()
    {
        var result = await models.Pipeline.RunAsync(WavWriter.WriteMono16(Signals.WhiteNoise(Rate, 5), Rate));

        Assert.True(result.SpeechRatio < 0.1, $"speech ratio {result.SpeechRatio}");
    }

    [Fact]
    public async Task A_steady_tone_is_mostly_not_speech()
    {
        var result = await models.Pipeline.RunAsync(WavWriter.WriteMono16(Signals.Sine(440, Rate, 5), Rate));

        Assert.True(result.SpeechRatio < 0.1, $"speech ratio {result.SpeechRatio}");
        Assert.Equal(-6.02, result.Loudness.PeakDbfs, 0.05);
        Assert.Equal(-9.03, result.Loudness.RmsDbfs, 0.05);
    }

    [Fact]
    public async Task Speech_under_background_noise_at_10_dB_snr_is_still_found()
    {
        var speech = await Load(Espeak.Speak("Please read this sentence aloud, slowly and clearly, for the screening test."));
        var clean = Signals.Pad(speech.Samples, Rate, 1.0, 1.0);
        var noise = Signals.WhiteNoise(Rate, clean.Length / (double)Rate, amplitude: 1f);
        var gain = (float)Math.Pow(10, (Loudness.RmsDbfs(speech.Samples) - 10 - Loudness.RmsDbfs(noise)) / 20);
        var noisy = clean.Select((s, i) => s + (gain * noise[i])).ToArray();

        var reference = await models.Pipeline.RunAsync(WavWriter.WriteMono16(clean, Rate));
        var result = await models.Pipeline.RunAsync(WavWriter.WriteMono16(noisy, Rate));

        Assert.InRange(result.SpeechRatio, reference.SpeechRatio - 0.15, reference.SpeechRatio + 0.15);
        Assert.InRange(result.Segments[0].Start, 0.7, 1.5);
    }

    [Fact]
    public async Task Stereo_44k_audio_gives_the_same_segments_as_the_mono_16k_original()
    {
        var speech = await Load(Espeak.Speak("One two three four five."));
        var mono = Signals.Pad(speech.Samples, Rate, 1.0, 1.0);
        var upsampled = Resampler.Resample(mono, Rate, 44100);
        var stereo = upsampled.SelectMany(s => new[] { s, s }).ToArray();

        var reference = await models.Pipeline.RunAsync(WavWriter.WriteMono16(mono, Rate));
        var converted = await models.Pipeline.RunAsync(WavWriter.Write(stereo, 44100, 2, 24));

        Assert.Equal(reference.Segments.Count, converted.Segments.Count);
        Assert.Equal(reference.SpeechRatio, converted.SpeechRatio, 0.05);
    }

    [Fact]
    public async Task Reports_progress_from_0_to_100_in_order()
    {
        var reports = new List<int>();
        var progress = new SynchronousProgress(reports.Add);

        await models.Pipeline.RunAsync(WavWriter.WriteMono16(Signals.WhiteNoise(Rate, 3), Rate), progress);

        Assert.Equal(0, reports[0]);
        Assert.Equal(100, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        Assert.Contains(SpeechScreeningPipeline.DecodedProgress, reports);
        Assert.True(reports.Distinct().Count() > 20, "progress moves while the model runs, not only at the ends");
    }

    [Fact]
    public async Task Cancellation_stops_the_run()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p > 50)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => models.Pipeline.RunAsync(WavWriter.WriteMono16(Signals.Silence(Rate, 5), Rate), progress, cancel.Token));
    }

    [Fact]
    public async Task Corrupt_audio_fails_with_its_code()
    {
        var file = WavWriter.WriteMono16(Signals.Silence(Rate, 1), Rate);

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => models.Pipeline.RunAsync(file.AsMemory(0, 2000)));

        Assert.Equal(InferenceErrorCodes.AudioCorrupt, error.ErrorCode);
    }

    [Fact]
    public async Task Unknown_formats_fail_as_unsupported()
    {
        var png = Convert.FromHexString("89504E470D0A1A0A0000000D49484452");

        var error = await Assert.ThrowsAsync<AudioDecodeException>(() => models.Pipeline.RunAsync(png));

        Assert.Equal(InferenceErrorCodes.AudioUnsupported, error.ErrorCode);
    }

    [Fact]
    public async Task Concurrent_clips_on_the_shared_session_give_the_same_answer_as_one_at_a_time()
    {
        var speech = await Load(Espeak.Speak("Seven eight nine ten."));
        var file = WavWriter.WriteMono16(Signals.Pad(speech.Samples, Rate, 0.5, 0.5), Rate);
        var alone = await models.Pipeline.RunAsync(file);

        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => models.Pipeline.RunAsync(file))));

        Assert.All(together, r => Assert.Equal(alone.Segments, r.Segments));
    }

    private static Task<MonoAudio> Load(byte[] wav) => AudioLoader.LoadMonoAsync(wav, Rate, CancellationToken.None);
}
