using System.Diagnostics.Metrics;

namespace App.Inference;

/// <summary>
/// Metrics for model loading and inference. Services export them by adding <see cref="MeterName"/> to their
/// meter list (App.Inference does not depend on App.ServiceDefaults).
/// </summary>
public static class InferenceTelemetry
{
    public const string MeterName = "App.Inference";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> ModelLoadDuration = Meter.CreateHistogram<double>(
        "app.inference.model.load.duration", "s", "Time to verify a model file and create its session.");

    public static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram<double>(
        "app.inference.run.duration", "s", "Time spent in the model for one clip.");

    public static readonly Histogram<double> PipelineDuration = Meter.CreateHistogram<double>(
        "app.inference.pipeline.duration", "s", "Time for one clip end to end: decoding, resampling, model, post-processing.");

    public static readonly Counter<double> AudioProcessed = Meter.CreateCounter<double>(
        "app.inference.audio.processed", "s", "Seconds of audio screened.");
}
