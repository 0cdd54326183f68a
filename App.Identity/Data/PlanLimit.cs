namespace App.Identity.Data;

/// <summary>How many requests a plan allows per window for one rate-limit policy; seeded from configuration, editable later.</summary>
public sealed class PlanLimit
{
    public string Plan { get; set; } = "";

    public string Policy { get; set; } = "";

    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}
