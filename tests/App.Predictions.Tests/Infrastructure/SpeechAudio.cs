using System.Diagnostics;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>Real speech from espeak-ng (installed by scripts/install-deps.sh), generated at test time.</summary>
public static class SpeechAudio
{
    public const string Sentence = "The quick brown fox jumps over the lazy dog, and then it runs back home again.";

    /// <summary>Mono speech at espeak-ng's own rate (22050 Hz).</summary>
    public static (float[] Samples, int SampleRate) Speak(string text, int wordsPerMinute = 160)
    {
        var path = Path.Combine(Path.GetTempPath(), $"espeak-{Guid.NewGuid():N}.wav");
        try
        {
            var info = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-s", $"{wordsPerMinute}", "-w", path, text })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("espeak-ng did not start.");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"espeak-ng failed: {process.StandardError.ReadToEnd()}");
            return Wav.ReadMono16(File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The sentence with <paramref name="padSeconds"/> of silence on both sides, as a 16-bit WAV; and where the speech is.</summary>
    public static (byte[] Wav, double SpeechStart, double SpeechEnd) PaddedSentence(double padSeconds = 1.0)
    {
        var (speech, rate) = Speak(Sentence);
        var pad = (int)(padSeconds * rate);
        var samples = new float[speech.Length + (2 * pad)];
        speech.CopyTo(samples, pad);
        var first = Array.FindIndex(speech, s => Math.Abs(s) > 0.01f);
        var last = Array.FindLastIndex(speech, s => Math.Abs(s) > 0.01f);
        return (Wav.Write(samples, rate), (double)(pad + first) / rate, (double)(pad + last) / rate);
    }

    public static byte[] Silence(double seconds, int sampleRate = 16000) => Wav.Write(new float[(int)(seconds * sampleRate)], sampleRate);

    /// <summary>
    /// Speech repeated to <paramref name="seconds"/> as 8 kHz 8-bit WAV (8 KB a second), so a long clip still fits the
    /// upload limit and takes the worker long enough to be interrupted.
    /// </summary>
    public static byte[] LongSpeech(double seconds)
    {
        var (speech, rate) = Speak(Sentence);
        const int targetRate = 8000;
        var down = new float[(int)(speech.Length * (double)targetRate / rate)];
        for (var i = 0; i < down.Length; i++)
        {
            down[i] = speech[(int)((long)i * rate / targetRate)];
        }

        var samples = new float[(int)(seconds * targetRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = down[i % down.Length];
        }

        return Wav.Write(samples, targetRate, bits: 8);
    }
}
