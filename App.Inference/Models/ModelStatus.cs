namespace App.Inference.Models;

/// <summary>The outcome of loading one model, kept so that readiness checks and failing jobs can say why.</summary>
public sealed record ModelStatus(string Name, string? Version, bool Available, string? Reason, TimeSpan LoadTime);
