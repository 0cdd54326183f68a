using System.Security.Claims;
using App.Identity.Authorization;

namespace App.Identity.Tests;

/// <summary>The caller as claims: made when read, answered from the caller's sets when authorization asks for roles and scopes.</summary>
public sealed class CallerClaimsIdentityTests
{
    private static readonly CallerIdentity Member = new(
        Guid.Parse("6c1f3d0e-6f55-4b8e-9a4e-2b1d8c1f0a11"), "key-1",
        new HashSet<string>([Roles.Member], StringComparer.Ordinal),
        new HashSet<string>([ApiKeyScopes.Predictions, ApiKeyScopes.Documents], StringComparer.Ordinal),
        AuthMethod.ApiKey, Plans.Free);

    [Fact]
    public void Roles_and_scopes_are_answered_as_the_caller_holds_them()
    {
        var user = new ClaimsPrincipal(new CallerClaimsIdentity(Member, "ApiKey"));

        Assert.True(user.Identity!.IsAuthenticated);
        Assert.True(user.IsInRole(Roles.Member));
        Assert.False(user.IsInRole(Roles.Admin));
        Assert.True(user.HasScope(ApiKeyScopes.Predictions));
        Assert.False(user.HasScope(ApiKeyScopes.Admin));
        Assert.False(user.HasScope("predictions documents"));
    }

    [Fact]
    public void Every_claim_is_there_when_read_and_belongs_to_the_identity()
    {
        var identity = new CallerClaimsIdentity(Member, "ApiKey");

        var claims = identity.Claims.Select(c => (c.Type, c.Value)).Order().ToList();

        Assert.Equal(
            new[]
            {
                (CallerClaimsIdentity.MethodClaimType, "ApiKey"),
                (CallerClaimsIdentity.PlanClaimType, Plans.Free),
                (CallerClaimsIdentity.ScopeClaimType, ApiKeyScopes.Documents),
                (CallerClaimsIdentity.ScopeClaimType, ApiKeyScopes.Predictions),
                (CallerClaimsIdentity.TenantClaimType, "6c1f3d0e-6f55-4b8e-9a4e-2b1d8c1f0a11"),
                (ClaimTypes.NameIdentifier, "key-1"),
                (ClaimTypes.Role, Roles.Member),
            }.Order(),
            claims);
        Assert.All(identity.Claims, c => Assert.Same(identity, c.Subject));
        Assert.Equal("key-1", identity.Name);
        Assert.Equal(claims.Count, identity.Claims.Count());
        Assert.Equal(claims.Count, identity.Clone().Claims.Count());
    }

    [Fact]
    public void A_scope_in_another_identity_s_space_separated_claim_counts()
    {
        var token = new ClaimsIdentity([new Claim(CallerClaimsIdentity.ScopeClaimType, "read admin")], "Bearer");
        var user = new ClaimsPrincipal([new CallerClaimsIdentity(Member, "ApiKey"), token]);

        Assert.True(user.HasScope(ApiKeyScopes.Admin));
        Assert.False(user.HasScope(ApiKeyScopes.Extractions));
    }
}
