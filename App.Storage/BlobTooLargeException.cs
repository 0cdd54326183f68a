namespace App.Storage;

/// <summary>Thrown while streaming as soon as the limit is passed; the partial blob is already gone when it surfaces.</summary>
public sealed class BlobTooLargeException(long maxBytes)
    : Exception($"The blob is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
