using System.Diagnostics.Metrics;

namespace App.Api.Webhooks;

/// <summary>Meter "App.Webhooks" (exported through the service defaults' "App.*" wildcard).</summary>
internal static class WebhookTelemetry
{
    private static readonly Meter Meter = new("App.Webhooks");

    /// <summary>One per attempt, tagged with its <see cref="WebhookOutcomes"/> value: "failed" means given up.</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "app.webhooks.attempts", "{attempt}", "Webhook delivery attempts by outcome (delivered, retried, failed).");
}
