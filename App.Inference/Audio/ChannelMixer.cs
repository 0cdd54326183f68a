namespace App.Inference.Audio;

public static class ChannelMixer
{
    /// <summary>Averages the channels, so a signal present on every channel keeps its level.</summary>
    public static float[] ToMono(DecodedAudio audio)
    {
        if (audio.Channels == 1)
        {
            return audio.Samples;
        }

        var frames = audio.Frames;
        var mono = new float[frames];
        var scale = 1f / audio.Channels;
        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0f;
            var offset = frame * audio.Channels;
            for (var channel = 0; channel < audio.Channels; channel++)
            {
                sum += audio.Samples[offset + channel];
            }

            mono[frame] = sum * scale;
        }

        return mono;
    }
}
