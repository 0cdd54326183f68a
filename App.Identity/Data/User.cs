namespace App.Identity.Data;

public sealed class User
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Encrypted at rest; see <see cref="EmailLookup"/> for equality lookups.</summary>
    public string Email { get; set; } = "";

    /// <summary>Keyed HMAC of the normalized e-mail, because the ciphertext is randomized and cannot be searched.</summary>
    public byte[] EmailLookup { get; set; } = [];

    public string Role { get; set; } = Roles.Member;

    public string? ExternalSubject { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
