namespace App.Api.Predictions;

/// <summary>Codes specific to uploads and jobs; generic ones come from <c>ErrorCodes</c>.</summary>
public static class PredictionErrorCodes
{
    public const string FileMissing = "file_missing";
    public const string NotMultipart = "not_multipart";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MediaTypeMismatch = "media_type_mismatch";
    public const string AudioCorrupt = "audio_corrupt";
    public const string AudioTooLong = "audio_too_long";
    public const string UnknownModel = "unknown_model";
    public const string TooManyFiles = "too_many_files";
    public const string WebhookUrlInvalid = "webhook_url_invalid";
    public const string WebhookTargetRefused = "webhook_target_refused";
    public const string JobFinished = "job_finished";
    public const string InvalidQuery = "invalid_query";
}
