using System.Net;
using System.Text.Json;
using App.Identity;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>GET /api/v1/me through the real gateway: the caller as the services see it, for any authenticated caller.</summary>
[Collection(SecurityCollection.Name)]
public sealed class MeApiTests(SecurityAppHost app)
{
    [Fact]
    public async Task A_key_with_any_scope_sees_its_own_tenant_subject_and_scopes()
    {
        var tenant = await app.NewTenantAsync("me");
        // Only documents: /me needs an authenticated caller, not the predictions scope of the rest of App.Api.
        var key = await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Documents);
        using var client = app.Client(key.Secret);

        using var response = await client.GetAsync("/api/v1/me");

        var me = await AppHostFixture.ReadAsync<JsonElement>(response);
        Assert.Equal(tenant.Id, me.GetProperty("tenantId").GetGuid());
        Assert.Equal(key.Key.Id.ToString(), me.GetProperty("subject").GetString());
        Assert.Equal(nameof(AuthMethod.ApiKey), me.GetProperty("method").GetString());
        Assert.Equal([Roles.Member], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([ApiKeyScopes.Documents], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(Plans.Free, me.GetProperty("plan").GetString());
    }

    [Fact]
    public async Task Without_a_key_it_is_401()
    {
        using var client = app.Client();

        using var response = await client.GetAsync("/api/v1/me");

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }
}
