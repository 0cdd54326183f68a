namespace App.Worker.Screening;

/// <summary>Codes the worker writes besides the inference codes (<c>InferenceErrorCodes</c>).</summary>
public static class WorkerErrorCodes
{
    public const string InputMissing = "input_missing";
    public const string WorkerStopped = "worker_stopped";
    public const string InferenceFailed = "inference_failed";
}
