namespace App.Inference.Models;

/// <summary>A streaming model's frame: new samples per step, plus samples carried over from the previous step.</summary>
public sealed record ModelWindow(int Samples, int Context);
