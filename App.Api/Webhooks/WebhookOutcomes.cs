namespace App.Api.Webhooks;

/// <summary>One row per attempt: the attempt's outcome, so the list of rows tells the whole delivery story.</summary>
public static class WebhookOutcomes
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";

    /// <summary>This attempt failed and a later one is scheduled.</summary>
    public const string Retried = "retried";

    /// <summary>The last attempt failed: given up.</summary>
    public const string Failed = "failed";
}
