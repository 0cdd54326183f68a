using App.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace App.Inference.Screening;

/// <summary>
/// Streams a clip through Silero VAD v5 the way silero's own wrapper does: windows of 512 new samples, each preceded
/// by the last 64 samples of the previous window, with the recurrent state carried from one window to the next.
/// The last window is zero-padded. Buffers, tensors and their bindings are made once per clip and reused for every window;
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
        // Each arrangement is bound once, so a window's run passes no names or arrays: one native call over these buffers.
        using var even = Bind(model.Session, inputValue, stateAValue, rateValue, probabilityValue, stateBValue);
        using var odd = Bind(model.Session, inputValue, stateBValue, rateValue, probabilityValue, stateAValue);
        using var runOptions = new RunOptions();

        for (var i = 0; i < windows; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            input.AsSpan(window, context).CopyTo(input);
            var chunk = samples.Slice(i * window, Math.Min(window, samples.Length - (i * window)));
            chunk.CopyTo(input.AsSpan(context));
            input.AsSpan(context + chunk.Length).Clear();

            model.Session.RunWithBinding(runOptions, i % 2 == 0 ? even : odd);
            probabilities[i] = probability[0];
            onWindows?.Invoke(i + 1, windows);
        }

        return probabilities;
    }

    private static OrtIoBinding Bind(
        InferenceSession session, OrtValue input, OrtValue state, OrtValue rate, OrtValue probability, OrtValue nextState)
    {
        var binding = session.CreateIoBinding();
        binding.BindInput(InputNames[0], input);
        binding.BindInput(InputNames[1], state);
        binding.BindInput(InputNames[2], rate);
        binding.BindOutput(OutputNames[0], probability);
        binding.BindOutput(OutputNames[1], nextState);
        return binding;
    }

    private static int StateLength(ModelManifest manifest) =>
        (int)Shape(manifest.Inputs, "state").Aggregate(1L, (product, dimension) => product * dimension);

    private static long[] Shape(IReadOnlyList<TensorSpec> specs, string name) =>
        specs.FirstOrDefault(s => s.Name == name)?.Shape.ToArray()
        ?? throw new InvalidDataException($"The VAD manifest does not declare tensor '{name}'.");
}
