namespace App.Inference.Models;

public sealed class ModelUnavailableException(string model, string reason)
    : InferenceException(InferenceErrorCodes.ModelUnavailable, $"Model '{model}' is unavailable: {reason}")
{
    public string Model { get; } = model;
    public string Reason { get; } = reason;
}
