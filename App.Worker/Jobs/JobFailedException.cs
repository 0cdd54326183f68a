namespace App.Worker.Jobs;

/// <summary>
/// How a runner ends a job without a result: the claim loop fails the attempt with <see cref="Code"/> — for good unless
/// <see cref="Retryable"/> (then the queue retries while attempts remain).
/// </summary>
/// <param name="details">Kept in the job when the failure is final, serialized as JSON (a model's last invalid answer, say).</param>
public sealed class JobFailedException(string code, string message, bool retryable, object? details = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;

    public bool Retryable { get; } = retryable;

    public object? Details { get; } = details;
}
