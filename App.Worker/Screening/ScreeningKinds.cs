namespace App.Worker.Screening;

public static class ScreeningKinds
{
    /// <summary>The job kind (and model name in the API) that runs the speech-screening pipeline.</summary>
    public const string SpeechScreening = "speech-screening";

    public static readonly IReadOnlyCollection<string> All = [SpeechScreening];
}
