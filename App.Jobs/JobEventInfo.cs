namespace App.Jobs;

/// <param name="Sequence">Use as the server-sent event id; resume with <see cref="JobQueue.GetEventsAsync"/> after it.</param>
public sealed record JobEventInfo(long Sequence, Guid JobId, DateTimeOffset At, string Type, int Progress, string Status);
