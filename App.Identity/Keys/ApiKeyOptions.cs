namespace App.Identity.Keys;

/// <summary>Bound from <c>Identity:ApiKeys</c>.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Identity:ApiKeys";

    public int UsageFlushSeconds { get; set; } = 30;

    /// <summary>
    /// How long a key's row is trusted from memory: the bound on how late a revocation made by another process (or
    /// replica) takes effect. 0 reads the database on every request.
    /// </summary>
    public int CacheSeconds { get; set; } = 5;
}
