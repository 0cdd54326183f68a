namespace App.Identity.Data;

public sealed class RateLimitCounter
{
    public string Policy { get; set; } = "";

    public string PartitionKey { get; set; } = "";

    /// <summary>Unix seconds, so the window key is an exact integer on every database.</summary>
    public long WindowStart { get; set; }

    public int Count { get; set; }
}
