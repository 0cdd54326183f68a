namespace App.AppHost.Resources;

public enum ProbeResult
{
    Healthy,

    /// <summary>/health answered, but not with a success status.</summary>
    Unhealthy,

    /// <summary>Nothing answered (not listening yet, or hung).</summary>
    Unreachable,
}
