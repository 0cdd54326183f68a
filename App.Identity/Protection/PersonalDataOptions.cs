namespace App.Identity.Protection;

/// <summary>Bound from <c>Identity:PersonalData</c>.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "Identity:PersonalData";

    /// <summary>Where the Data Protection key ring lives; outside the database so a database dump alone decrypts nothing.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Base64 secret (32+ bytes) for lookup hashes; when absent one is created in <see cref="KeysDirectory"/>.</summary>
    public string? LookupHashKey { get; set; }

    /// <summary>Shared by every service that reads the same columns, so they can decrypt each other's data.</summary>
    public string ApplicationName { get; set; } = "app";
}
