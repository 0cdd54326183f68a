using App.Identity.Admin;
using App.Identity.Jwt;
using App.Identity.Tests.Support;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace App.Identity.Tests;

public sealed class ExternalTokenTests : IDisposable
{
    private static readonly Guid TenantId = Guid.NewGuid();
    private readonly TestIssuer issuer = new();
    private readonly ExternalTokenValidator validator;

    public ExternalTokenTests()
    {
        validator = new ExternalTokenValidator(
            new ExternalJwtOptions { Issuer = TestIssuer.Issuer, Audience = TestIssuer.Audience, SigningKeys = [issuer.PublicJwk], TenantClaim = "org" },
            discovery: null);
    }

    private static Dictionary<string, object> Claims(params string[] roles) => new()
    {
        ["sub"] = "user-42",
        ["org"] = TenantId.ToString(),
        ["roles"] = roles,
    };

    [Fact]
    public async Task ValidTokenIsAcceptedWithTenantAndRolesFromConfiguredClaims()
    {
        var result = await validator.ValidateAsync(issuer.CreateToken(Claims(Roles.Admin)));

        Assert.True(result.Succeeded, result.Failure);
        var caller = result.Identity!;
        Assert.Equal(TenantId, caller.TenantId);
        Assert.Equal("user-42", caller.Subject);
        Assert.Equal(AuthMethod.Jwt, caller.Method);
        Assert.True(caller.IsInRole(Roles.Admin));
        Assert.True(caller.HasScope(ApiKeyScopes.Admin));
    }

    [Fact]
    public async Task MemberGetsProductScopesOnly()
    {
        var caller = (await validator.ValidateAsync(issuer.CreateToken(Claims(Roles.Member)))).Identity!;

        Assert.Equal([Roles.Member], caller.Roles);
        Assert.Equal(new[] { ApiKeyScopes.Documents, ApiKeyScopes.Predictions }, caller.Scopes.Order());
    }

    [Theory]
    [InlineData("expired", "Expired")]
    [InlineData("not-yet-valid", "NotYetValid")]
    [InlineData("wrong-audience", "InvalidAudience")]
    [InlineData("wrong-issuer", "InvalidIssuer")]
    [InlineData("other-key", "InvalidSignature")]
    [InlineData("alg-none", "InvalidSignature")]
    [InlineData("tampered", "InvalidSignature")]
    [InlineData("no-tenant", "no tenant")]
    [InlineData("garbage", "ArgumentException")]
    public async Task InvalidTokensAreRefusedForTheRightReason(string kind, string reason)
    {
        using var other = new TestIssuer();
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "expired" => issuer.CreateToken(Claims(), notBefore: now.AddHours(-2), expires: now.AddHours(-1)),
            "not-yet-valid" => issuer.CreateToken(Claims(), notBefore: now.AddHours(1), expires: now.AddHours(2)),
            "wrong-audience" => issuer.CreateToken(Claims(), audience: "someone-else"),
            "wrong-issuer" => issuer.CreateToken(Claims(), issuer: "https://evil.example.test/"),
            "other-key" => other.CreateToken(Claims()),
            "alg-none" => TestIssuer.Unsigned(issuer.CreateToken(Claims())),
            "tampered" => TestIssuer.Tampered(issuer.CreateToken(Claims()), "org", Guid.NewGuid().ToString()),
            "no-tenant" => issuer.CreateToken(new Dictionary<string, object> { ["sub"] = "user-42" }),
            _ => "not.a.token",
        };

        var result = await validator.ValidateAsync(token);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningKeysComeFromOidcDiscovery()
    {
        var folder = Directory.CreateTempSubdirectory("app-oidc-").FullName;
        try
        {
            var jwks = Path.Combine(folder, "jwks.json");
            await File.WriteAllTextAsync(jwks, $$"""{"keys":[{{issuer.PublicJwk}}]}""");
            var metadata = Path.Combine(folder, "openid-configuration");
            await File.WriteAllTextAsync(metadata, $$"""{"issuer":"{{TestIssuer.Issuer}}","jwks_uri":"{{jwks}}"}""");
            var discovery = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata, new OpenIdConnectConfigurationRetriever(), new FileDocumentRetriever());
            var fromDiscovery = new ExternalTokenValidator(
                new ExternalJwtOptions { MetadataAddress = metadata, Audience = TestIssuer.Audience, TenantClaim = "org" }, discovery);

            Assert.True((await fromDiscovery.ValidateAsync(issuer.CreateToken(Claims()))).Succeeded);
            Assert.False((await fromDiscovery.ValidateAsync(issuer.CreateToken(Claims(), issuer: "https://evil.example.test/"))).Succeeded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task GatewayAuthenticatorTakesThePlanFromTheTenantAndRefusesUnknownTenants(Db db)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Identity:Jwt:Issuer"] = TestIssuer.Issuer,
            ["Identity:Jwt:Audience"] = TestIssuer.Audience,
            ["Identity:Jwt:SigningKeys:0"] = issuer.PublicJwk,
            ["Identity:Jwt:TenantClaim"] = "org",
        };
        await using var host = await IdentityTestHost.StartAsync(db, settings: settings);
        var tenant = await host.Get<TenantAdminService>().CreateAsync(host.PlatformAdmin, new NewTenant("acme", Plans.Pro));
        var authenticator = host.Get<CallerAuthenticator>();
        var claims = Claims(Roles.Member);

        claims["org"] = tenant.Id.ToString();
        var known = await authenticator.AuthenticateAsync("Bearer " + issuer.CreateToken(claims), apiKeyHeader: null);
        claims["org"] = Guid.NewGuid().ToString();
        var unknown = await authenticator.AuthenticateAsync("Bearer " + issuer.CreateToken(claims), apiKeyHeader: null);
        var byKey = await authenticator.AuthenticateAsync("Bearer " + host.Bootstrap.GeneratedKey, apiKeyHeader: null);
        var byHeader = await authenticator.AuthenticateAsync(null, host.Bootstrap.GeneratedKey);
        var nothing = await authenticator.AuthenticateAsync(null, null);

        Assert.True(known.Succeeded, known.Failure);
        Assert.Equal(Plans.Pro, known.Identity!.Plan);
        Assert.Equal(tenant.Id, known.Identity.TenantId);
        Assert.False(unknown.Succeeded);
        Assert.Equal(AuthMethod.ApiKey, byKey.Identity!.Method);
        Assert.Equal(AuthMethod.ApiKey, byHeader.Identity!.Method);
        Assert.False(nothing.Succeeded);
    }

    public void Dispose() => issuer.Dispose();
}
