using App.Extractions;

namespace App.Worker.Extractions;

/// <summary>An extraction that cannot finish: the job fails with <see cref="Code"/>, for good unless <see cref="Retryable"/>.</summary>
public sealed class ExtractionFailedException(string code, string message, bool retryable, ExtractionFailure? failure = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;

    public bool Retryable { get; } = retryable;

    /// <summary>Kept in the job for inspection (the model's last answer and why it was refused).</summary>
    public ExtractionFailure? Failure { get; } = failure;
}
