namespace App.Inference.Screening;

/// <summary>
/// Port of silero-vad's get_speech_timestamps (v5) without its max-speech-duration split, which is off by default there.
/// </summary>
public static class SpeechSegmenter
{
    public static IReadOnlyList<SampleRange> Segment(
        ReadOnlySpan<float> probabilities, int windowSamples, int totalSamples, int sampleRate, VadSettings settings)
    {
        var minSpeech = sampleRate * settings.MinSpeechMs / 1000;
        var minSilence = sampleRate * settings.MinSilenceMs / 1000;
        var pad = sampleRate * settings.SpeechPadMs / 1000;

        var speeches = new List<SampleRange>();
        var triggered = false;
        var start = 0;
        var tentativeEnd = 0;

        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            var position = windowSamples * i;

            if (p >= settings.Threshold)
            {
                tentativeEnd = 0;
                if (!triggered)
                {
                    triggered = true;
                    start = position;
                }

                continue;
            }

            if (!triggered || p >= settings.NegativeThreshold)
            {
                continue;
            }

            if (tentativeEnd == 0)
            {
                tentativeEnd = position;
            }

            if (position - tentativeEnd < minSilence)
            {
                continue;
            }

            if (tentativeEnd - start > minSpeech)
            {
                speeches.Add(new SampleRange(start, tentativeEnd));
            }

            triggered = false;
            tentativeEnd = 0;
        }

        if (triggered && totalSamples - start > minSpeech)
        {
            speeches.Add(new SampleRange(start, totalSamples));
        }

        return Pad(speeches, pad, totalSamples);
    }

    // Widen each segment by the pad, but where two segments are closer than two pads, split the gap between them.
    private static List<SampleRange> Pad(List<SampleRange> speeches, int pad, int totalSamples)
    {
        for (var i = 0; i < speeches.Count; i++)
        {
            var current = speeches[i];
            if (i == 0)
            {
                current = current with { Start = Math.Max(0, current.Start - pad) };
            }

            if (i == speeches.Count - 1)
            {
                speeches[i] = current with { End = Math.Min(totalSamples, current.End + pad) };
                continue;
            }

            var next = speeches[i + 1];
            var gap = next.Start - current.End;
            var widen = gap < 2 * pad ? gap / 2 : pad;
            speeches[i] = current with { End = Math.Min(totalSamples, current.End + widen) };
            speeches[i + 1] = next with { Start = Math.Max(0, next.Start - widen) };
        }

        return speeches;
    }
}
