using System.Security.Cryptography;
using System.Text;

namespace App.Api.Webhooks;

/// <summary>
/// <c>X-Webhook-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>. The timestamp is signed with
/// the body, so a receiver can refuse replays older than its tolerance.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Webhook-Signature";

    public static string Create(string secret, long unixSeconds, string body) =>
        $"t={unixSeconds},v1={Compute(secret, unixSeconds, body)}";

    public static string Compute(string secret, long unixSeconds, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}")));
}
