using Microsoft.ML.OnnxRuntime;

namespace App.Inference.Models;

/// <summary>A verified model and its one shared session (InferenceSession.Run is thread-safe).</summary>
public sealed record LoadedModel(ModelManifest Manifest, InferenceSession Session);
