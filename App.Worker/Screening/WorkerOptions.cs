namespace App.Worker.Screening;

public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Jobs run at once. Each screening uses one core (one ONNX Runtime thread), so 1-2 suits a 2-core machine.</summary>
    public int Concurrency { get; set; } = 1;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often progress is written; the model reports far more often than anyone needs to read it.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Overrides where models are loaded from (default: the models folder next to the app).</summary>
    public string? ModelsDirectory { get; set; }
}
