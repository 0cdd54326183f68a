using System.Net;
using System.Security.Cryptography;
using App.Identity;
using App.Testing;

namespace App.Security.Tests.Infrastructure;

/// <summary>
/// The whole system as real processes, started once for every security test, with an external token issuer whose
/// signing key the tests hold (symmetric, as Identity:Jwt:SymmetricKey allows).
/// </summary>
public sealed class SecurityAppHost : AppHostFixture
{
    public const string JwtIssuer = "https://issuer.security-tests.example";
    public const string JwtAudience = "app-security-tests";

    /// <summary>
    /// How long the gateway may keep using what it looked up about an API key (a revoked key included). Distributed, a
    /// minute: revocations then reach the gateway over Redis, and the test shows they do by being refused much sooner.
    /// </summary>
    public static int KeyCacheSeconds => Distributed ? 60 : 3;

    private static int _nextAddress;

    public static byte[] JwtSigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Identity__Jwt__Issuer"] = JwtIssuer,
        ["Identity__Jwt__Audience"] = JwtAudience,
        ["Identity__Jwt__SymmetricKey"] = Convert.ToBase64String(JwtSigningKey),
        ["Identity__ApiKeys__CacheSeconds"] = $"{KeyCacheSeconds}",
    };

    public string DatabasePath => Path.Combine(DataDirectory, "app.db");

    /// <summary>The secret the AppHost generated for gateway-to-service tokens (what only the gateway should sign with).</summary>
    public string InternalSigningKey => File.ReadAllText(Path.Combine(DataDirectory, "secrets", "internal-signing.key")).Trim();

    /// <summary>
    /// A loopback address of its own (127.0.1.x): the gateway counts limits per client IP, so a test that exhausts a limit
    /// does it from an address no other test uses.
    /// </summary>
    public static IPAddress NewClientAddress() => new([127, 0, 1, (byte)(Interlocked.Increment(ref _nextAddress) % 250 + 2)]);

    /// <summary>A new tenant (created by the platform admin) and a key of its own with the admin scope.</summary>
    public async Task<TestTenant> NewTenantAsync(string name, string plan = Plans.Free)
    {
        var tenant = await CreateTenantAsync(name, plan);
        var key = await CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Admin, ApiKeyScopes.Predictions, ApiKeyScopes.Documents);
        return new TestTenant(tenant.Id, key.Secret, key.Key.Id);
    }
}

/// <summary>A tenant made for one test, with an admin key of its own.</summary>
public sealed record TestTenant(Guid Id, string AdminKey, Guid AdminKeyId);

/// <summary>Every security test shares one running system; its start-up dominates, and the tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityAppHost>
{
    public const string Name = "security";
}
