using App.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace App.Inference.Screening;

/// <summary>
/// Streams a clip through Silero VAD v5 the way silero's own wrapper does: windows of 512 new samples, each preceded
/// by the last 64 samples of the previous window, with the recurrent state carried from one window to the next.
/// The last window is zero-padded. Buffers and tensors are allocated once per clip and reused for every window;
/// the shared session is only read, so clips can run concurrently.
/// </summary>
public static class SileroVad
{
    public const string ModelName = "silero-vad";

    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    /// <param name="onWindows">Called with (windows done, total windows) as the clip advances.</param>
    public static float[] SpeechProbabilities(
        LoadedModel model, ReadOnlySpan<float> samples, Action<int, int>? onWindows, CancellationToken cancellationToken)
    {
        var manifest = model.Manifest;
        var window = manifest.Window.Samples;
        var context = manifest.Window.Context;
        var windows = (samples.Length + window - 1) / window;
        var probabilities = new float[windows];

        var input = new float[context + window];
        var stateA = new float[StateLength(manifest)];
        var stateB = new float[stateA.Length];
        var probability = new float[1];

        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, Shape(manifest.Inputs, "input"));
        using var stateAValue = OrtValue.CreateTensorValueFromMemory(stateA, Shape(manifest.Inputs, "state"));
        using var stateBValue = OrtValue.CreateTensorValueFromMemory(stateB, Shape(manifest.Inputs, "state"));
        using var rateValue = OrtValue.CreateTensorValueFromMemory(new long[] { manifest.SampleRate }, Shape(manifest.Inputs, "sr"));
        using var probabilityValue = OrtValue.CreateTensorValueFromMemory(probability, Shape(manifest.Outputs, "output"));

        // Two state tensors swap roles each window, because ONNX Runtime may not read and write the same buffer in one run.
        OrtValue[] evenInputs = [inputValue, stateAValue, rateValue];
        OrtValue[] evenOutputs = [probabilityValue, stateBValue];
        OrtValue[] oddInputs = [inputValue, stateBValue, rateValue];
        OrtValue[] oddOutputs = [probabilityValue, stateAValue];

        for (var i = 0; i < windows; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            input.AsSpan(window, context).CopyTo(input);
            var chunk = samples.Slice(i * window, Math.Min(window, samples.Length - (i * window)));
            chunk.CopyTo(input.AsSpan(context));
            input.AsSpan(context + chunk.Length).Clear();

            var even = i % 2 == 0;
            model.Session.Run(null, InputNames, even ? evenInputs : oddInputs, OutputNames, even ? evenOutputs : oddOutputs);
            probabilities[i] = probability[0];
            onWindows?.Invoke(i + 1, windows);
        }

        return probabilities;
    }

    private static int StateLength(ModelManifest manifest) =>
        (int)Shape(manifest.Inputs, "state").Aggregate(1L, (product, dimension) => product * dimension);

    private static long[] Shape(IReadOnlyList<TensorSpec> specs, string name) =>
        specs.FirstOrDefault(s => s.Name == name)?.Shape.ToArray()
        ?? throw new InvalidDataException($"The VAD manifest does not declare tensor '{name}'.");
}
