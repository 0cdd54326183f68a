namespace App.Inference.Models;

/// <summary>
/// What we know about a model file before loading it: the manifest.json committed next to it.
/// Labels and thresholds are what a later stage (a classifier) reads to turn scores into answers.
/// </summary>
public sealed record ModelManifest(
    string Name,
    string Version,
    string Kind,
    string File,
    string Sha256,
    string License,
    string Source,
    int SampleRate,
    ModelWindow Window,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, double> Thresholds)
{
    public double Threshold(string key) =>
        Thresholds.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"Manifest of model '{Name}' has no threshold '{key}'.");
}
