namespace App.Identity.Internal;

/// <summary>Bound from <c>Identity:Internal</c>, except the shared secret, which is <c>Identity:InternalSigningKey</c>.</summary>
public sealed class InternalIdentityOptions
{
    public const string Section = "Identity:Internal";
    public const string SigningKeyKey = "Identity:InternalSigningKey";
    public const string HeaderName = "X-Internal-Identity";
    public const string Issuer = "app-gateway";

    /// <summary>At least 32 characters, shared by the gateway and every service; e.g. <c>openssl rand -base64 48</c>.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>This service's name as the gateway addresses it (<c>api</c>, <c>rag</c>); tokens for another service are refused.</summary>
    public string Audience { get; set; } = "";

    public int LifetimeSeconds { get; set; } = 60;

    /// <summary>Kept small: the token lives only for one hop between processes on synchronized clocks.</summary>
    public int ClockSkewSeconds { get; set; } = 5;
}
