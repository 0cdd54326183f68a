namespace App.Identity.Keys;

/// <summary>Bound from <c>Identity:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Identity:ApiKeys";

    public int UsageFlushSeconds { get; set; } = 30;
}
