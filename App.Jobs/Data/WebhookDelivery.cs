namespace App.Jobs.Data;

/// <summary>
/// One attempt to deliver a job's final state to its callback URL. The table is designed here so Api can add the
/// sender without a migration in another module: pending rows are found by (outcome, next_attempt_at).
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public string Url { get; set; } = "";

    public int Attempt { get; set; }

    public int? StatusCode { get; set; }

    /// <summary>"pending", "delivered" or "failed" (given up).</summary>
    public string Outcome { get; set; } = "pending";

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
