using App.Inference.Models;
using Microsoft.ML.OnnxRuntime;

namespace Bench.Inference;

/// <summary>
/// The floor to compare against: Silero VAD driven straight through the ONNX Runtime API with everything
/// preallocated, no decoding, no segmentation, no callbacks. It returns the probabilities only.
/// </summary>
public sealed class RawVadLoop(LoadedModel model)
{
    private const int Window = 512;
    private const int Context = 64;
    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    public float[] Run(float[] samples)
    {
        var windows = samples.Length / Window;
        var probabilities = new float[windows];
        var input = new float[Context + Window];
        var state = new float[256];
        var nextState = new float[256];
        var probability = new float[1];

        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, Context + Window]);
        using var stateValue = OrtValue.CreateTensorValueFromMemory(state, [2, 1, 128]);
        using var rateValue = OrtValue.CreateTensorValueFromMemory(new long[] { 16000 }, []);
        using var probabilityValue = OrtValue.CreateTensorValueFromMemory(probability, [1, 1]);
        using var nextStateValue = OrtValue.CreateTensorValueFromMemory(nextState, [2, 1, 128]);
        OrtValue[] inputs = [inputValue, stateValue, rateValue];
        OrtValue[] outputs = [probabilityValue, nextStateValue];

        for (var i = 0; i < windows; i++)
        {
            input.AsSpan(Window, Context).CopyTo(input);
            samples.AsSpan(i * Window, Window).CopyTo(input.AsSpan(Context));
            model.Session.Run(null, InputNames, inputs, OutputNames, outputs);
            probabilities[i] = probability[0];
            nextState.CopyTo(state, 0);
        }

        return probabilities;
    }
}
