namespace App.Api.Webhooks;

public sealed record WebhookDeliveryResponse(
    Guid Id, int Attempt, string Url, int? StatusCode, string Outcome, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt);
