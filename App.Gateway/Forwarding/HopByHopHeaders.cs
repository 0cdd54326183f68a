using System.Collections.Frozen;

namespace App.Gateway.Forwarding;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 7.6.1), so they never cross the gateway in either
/// direction: the fixed set below, every Proxy-* header, and whatever names the Connection header lists.
/// </summary>
public static class HopByHopHeaders
{
    private static readonly FrozenSet<string> Fixed = FrozenSet.ToFrozenSet(
        ["Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Upgrade", "Alt-Svc", "Close", "HTTP2-Settings"],
        StringComparer.OrdinalIgnoreCase);

    public static bool IsHopByHop(string name, IReadOnlySet<string> listedInConnection) =>
        Fixed.Contains(name)
        || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
        || listedInConnection.Contains(name);

    /// <summary>The header names a Connection header lists ("Connection: close, X-Custom" lists X-Custom).</summary>
    public static IReadOnlySet<string> ListedIn(IEnumerable<string?> connectionValues)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in connectionValues)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(token);
            }
        }

        return names;
    }
}
