namespace App.Inference.Models;

/// <summary>One model input or output as the manifest declares it; an empty shape is a scalar.</summary>
public sealed record TensorSpec(string Name, string Type, IReadOnlyList<long> Shape);
