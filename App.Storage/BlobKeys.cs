using System.Diagnostics.CodeAnalysis;

namespace App.Storage;

/// <summary>
/// Keys are UUID v7 in 32 lower-case hex digits: time-ordered for listing, and checkable, so a key read back from a
/// database or a URL can never name a path outside the store.
/// </summary>
public static class BlobKeys
{
    public static string New() => Guid.CreateVersion7().ToString("N");

    public static bool IsValid([NotNullWhen(true)] string? key) =>
        key is { Length: 32 } && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static void EnsureValid(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException("Not a blob key: expected 32 lower-case hex digits.", nameof(key));
        }
    }
}
