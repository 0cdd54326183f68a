namespace App.Identity.RateLimiting;

/// <summary>
/// A path prefix matched segment by segment, where <c>*</c> stands for any one segment, and an HTTP method
/// (<c>*</c> for any).
/// </summary>
public sealed class RateLimitRoute
{
    public string Method { get; set; } = "*";

    public string Path { get; set; } = "/";

    public string Policy { get; set; } = "";

    public bool Matches(string method, string path)
    {
        if (Method != "*" && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var pattern = Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != "*" && !string.Equals(pattern[i], segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
