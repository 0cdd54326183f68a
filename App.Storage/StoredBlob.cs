namespace App.Storage;

/// <param name="Sha256">Lower-case hex of the stored bytes, computed while writing (for dedupe and integrity checks).</param>
public sealed record StoredBlob(string Key, long Size, string Sha256);
