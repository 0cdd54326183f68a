using System.Security.Claims;
using App.Identity.Admin;
using App.Identity.Jwt;
using App.Identity.Tests.Support;

namespace App.Identity.Tests;

/// <summary>
/// What a validated external token's claims make of a caller. Validation itself (signature, issuer, audience, lifetime,
/// <c>alg: none</c>, unknown <c>kid</c>) is JwtBearer's at the gateway, tested through it in App.Security.Tests.
/// </summary>
public sealed class ExternalTokenTests
{
    private static readonly Guid TenantId = Guid.NewGuid();
    private static readonly ExternalJwtOptions Options = new() { Issuer = "https://issuer.example.test/", Audience = "app", TenantClaim = "org" };

    private static ClaimsPrincipal Token(string? subject = "user-42", string? tenant = null, string? scope = null, params string[] roles)
    {
        var claims = new List<Claim>();
        if (subject is not null)
        {
            claims.Add(new Claim("sub", subject));
        }

        claims.Add(new Claim("org", tenant ?? TenantId.ToString()));
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        if (scope is not null)
        {
            claims.Add(new Claim("scope", scope));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer"));
    }

    [Fact]
    public void Tenant_and_roles_come_from_the_configured_claims_and_an_admin_gets_every_scope()
    {
        var result = ExternalTokenClaims.ToCaller(Token(roles: Roles.Admin), Options);

        Assert.True(result.Succeeded, result.Failure);
        var caller = result.Identity!;
        Assert.Equal(TenantId, caller.TenantId);
        Assert.Equal("user-42", caller.Subject);
        Assert.Equal(AuthMethod.Jwt, caller.Method);
        Assert.True(caller.IsInRole(Roles.Admin));
        Assert.Equal(ApiKeyScopes.All.Order(), caller.Scopes.Order());
    }

    [Fact]
    public void A_member_gets_the_product_scopes_only_and_unknown_roles_count_as_member()
    {
        var caller = ExternalTokenClaims.ToCaller(Token(roles: "superuser"), Options).Identity!;

        Assert.Equal([Roles.Member], caller.Roles);
        Assert.Equal(new[] { ApiKeyScopes.Documents, ApiKeyScopes.Extractions, ApiKeyScopes.Predictions }, caller.Scopes.Order());
    }

    [Fact]
    public void A_scope_claim_is_taken_as_given_minus_unknown_scopes()
    {
        var caller = ExternalTokenClaims.ToCaller(Token(scope: "documents launch_missiles", roles: Roles.Admin), Options).Identity!;

        Assert.Equal([ApiKeyScopes.Documents], caller.Scopes);
    }

    [Theory]
    [InlineData(null, "7", "no subject")]
    [InlineData("user-42", "not-a-guid", "no tenant in claim 'org'")]
    public void A_token_without_subject_or_tenant_is_refused(string? subject, string tenant, string reason)
    {
        var result = ExternalTokenClaims.ToCaller(Token(subject, tenant), Options);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Db.Sqlite)]
    [InlineData(Db.PostgreSql)]
    public async Task A_tenants_plan_is_found_and_an_unknown_tenant_has_none(Db db)
    {
        await using var host = await IdentityTestHost.StartAsync(db);
        var tenant = await host.Get<TenantAdminService>().CreateAsync(host.PlatformAdmin, new NewTenant("acme", Plans.Pro));
        var plans = host.Get<TenantPlans>();

        Assert.Equal(Plans.Pro, await plans.FindAsync(tenant.Id));
        Assert.Null(await plans.FindAsync(Guid.NewGuid()));
    }
}
