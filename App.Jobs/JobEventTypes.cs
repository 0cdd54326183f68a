namespace App.Jobs;

public static class JobEventTypes
{
    public const string State = "state";
    public const string Progress = "progress";
}
