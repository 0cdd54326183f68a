namespace App.Jobs;

/// <summary>Stored as these lower-case strings, so hand-written SQL and API responses use the same words.</summary>
public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static bool IsFinal(string status) => status is Succeeded or Failed or Canceled;
}
