using App.Api.Uploads;

namespace App.Api.Predictions;

public sealed class PredictionsOptions
{
    public const string SectionName = "Predictions";

    /// <summary>The job kind the worker claims for the default model.</summary>
    public const string SpeechScreening = "speech-screening";

    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    public double MaxDurationSeconds { get; set; } = 600;

    /// <summary>The same content and model within this window answers with the existing job instead of running again.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromHours(24);

    public int MaxBatchFiles { get; set; } = 20;

    public string DefaultModel { get; set; } = SpeechScreening;

    public List<string> Models { get; set; } = [SpeechScreening];

    /// <summary>Up to <paramref name="maxFiles"/> audio files and the fields 'model' and 'webhookUrl'.</summary>
    public UploadLimits UploadLimits(int maxFiles) => new(maxFiles, MaxUploadBytes, new Dictionary<string, int>
    {
        [FormFields.Model] = FormFields.MaxFieldBytes,
        [FormFields.WebhookUrl] = FormFields.MaxFieldBytes,
    });
}
