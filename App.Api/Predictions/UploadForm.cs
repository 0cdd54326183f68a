namespace App.Api.Predictions;

public sealed record UploadForm(IReadOnlyList<UploadedFile> Files, string? Model, string? WebhookUrl);
