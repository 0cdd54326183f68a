namespace App.Inference;

/// <summary>A failure a job reports with a stable code (see <see cref="InferenceErrorCodes"/>) instead of a result.</summary>
public abstract class InferenceException(string errorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
}
