namespace App.Api.Uploads;

/// <summary>Names of the multipart text fields the upload endpoints read.</summary>
public static class FormFields
{
    public const int MaxFieldBytes = 4096;
    public const string Model = "model";
    public const string WebhookUrl = "webhookUrl";
    public const string Schema = "schema";
    public const string Instructions = "instructions";
}
