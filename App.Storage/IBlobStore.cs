namespace App.Storage;

/// <summary>
/// Opaque blobs addressed by keys the store generates. Callers keep the key (for example on a job row) and never
/// choose it, so a client's file name can neither collide with nor escape into another blob.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the stream under a new key; nothing is visible under that key until the whole blob is stored.</summary>
    /// <exception cref="BlobTooLargeException">The stream is longer than <paramref name="maxBytes"/> (or the store's limit).</exception>
    Task<StoredBlob> PutAsync(Stream content, long? maxBytes = null, CancellationToken cancellationToken = default);

    /// <returns>The blob's content, or null when no blob has that key.</returns>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <returns>False when there was nothing to delete, so retried deletions are harmless.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);
}
