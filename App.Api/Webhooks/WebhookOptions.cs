namespace App.Api.Webhooks;

public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>HMAC-SHA256 key for <c>X-Webhook-Signature</c>; without it, uploads that ask for a webhook are refused.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>Loopback and private ranges are refused unless this is set (development, tests).</summary>
    public bool AllowPrivateTargets { get; set; }

    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
