namespace App.Worker.Jobs;

/// <summary>Codes the claim loop writes for every kind of job; runners add their own (<c>InferenceErrorCodes</c>, <c>ExtractionErrorCodes</c>, ...).</summary>
public static class WorkerErrorCodes
{
    public const string InputMissing = "input_missing";
    public const string WorkerStopped = "worker_stopped";
    public const string InferenceFailed = "inference_failed";
}
