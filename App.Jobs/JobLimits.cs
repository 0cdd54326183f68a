namespace App.Jobs;

/// <summary>Column sizes the queue checks before writing, so a long value fails in the caller, not in the database.</summary>
public static class JobLimits
{
    public const int KindLength = 64;
    public const int WorkerIdLength = 200;
    public const int ErrorCodeLength = 64;
    public const int ErrorMessageLength = 2000;
}
