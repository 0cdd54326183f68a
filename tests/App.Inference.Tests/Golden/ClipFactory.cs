using App.Inference.Audio;
using App.Inference.Tests.Infrastructure;

namespace App.Inference.Tests.Golden;

public static class ClipFactory
{
    public const int Rate = 16000;

    public static async Task<float[]> MakeAsync(GoldenClip clip) => clip.Source switch
    {
        "espeak" => Signals.Pad(await SpeakAsync(clip), Rate, clip.PadSeconds, clip.PadSeconds),
        "silence" => Signals.Silence(Rate, clip.Seconds),
        "noise" => Signals.WhiteNoise(Rate, clip.Seconds),
        "tone" => Signals.Sine(clip.Frequency, Rate, clip.Seconds),
        _ => throw new InvalidDataException($"Unknown golden clip source '{clip.Source}'."),
    };

    private static async Task<float[]> SpeakAsync(GoldenClip clip)
    {
        var gap = Signals.Silence(Rate, clip.GapSeconds);
        var parts = new List<float>();
        foreach (var text in clip.Texts ?? [])
        {
            if (parts.Count > 0)
            {
                parts.AddRange(gap);
            }

            var audio = await AudioLoader.LoadMonoAsync(Espeak.Speak(text, clip.Voice ?? "en-us"), Rate, CancellationToken.None);
            parts.AddRange(audio.Samples);
        }

        return parts.ToArray();
    }
}
