namespace App.Identity.Data;

public sealed class Tenant
{
    /// <summary>The tenant the bootstrap admin key belongs to; its admins run the platform.</summary>
    public static readonly Guid DefaultId = new("00000000-0000-0000-0000-000000000001");

    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public string Plan { get; set; } = Plans.Free;

    public DateTimeOffset CreatedAt { get; set; }
}
