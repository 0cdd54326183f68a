using System.Net;
using System.Net.Http.Json;
using App.Identity;
using App.Identity.Admin;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>Administration needs the admin role and scope; tenants need a platform admin.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AdminAuthorizationTests(SecurityAppHost app)
{
    [Theory]
    [InlineData("GET", "/api/v1/admin/api-keys")]
    [InlineData("POST", "/api/v1/admin/api-keys")]
    [InlineData("GET", "/api/v1/admin/tenants")]
    [InlineData("POST", "/api/v1/admin/users")]
    [InlineData("GET", "/api/v1/admin/audit/verify")]
    public async Task A_member_calling_an_admin_endpoint_gets_403(string method, string path)
    {
        var tenant = await app.NewTenantAsync("member");
        var memberKey = await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Predictions, ApiKeyScopes.Documents);
        using var member = app.Client(memberKey.Secret);

        using var response = await member.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { name = "x", email = "x@example.test", scopes = new[] { "admin" } }) : null,
        });

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_member_jwt_calling_an_admin_endpoint_gets_403()
    {
        var tenant = await app.NewTenantAsync("member-jwt");
        using var member = app.Client();
        member.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Jwt(tenant.Id, "bob"));

        using var response = await member.GetAsync("/api/v1/admin/api-keys");

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_tenant_admin_manages_its_own_keys_but_not_tenants_or_another_tenants_keys()
    {
        var tenantA = await app.NewTenantAsync("admin-a");
        var tenantB = await app.NewTenantAsync("admin-b");
        using var adminA = app.Client(tenantA.AdminKey);

        using var ownKeys = await adminA.GetAsync("/api/v1/admin/api-keys");
        using var tenants = await adminA.PostAsJsonAsync("/api/v1/admin/tenants", new CreateTenantRequest("rogue"));
        using var plan = await adminA.PatchAsJsonAsync($"/api/v1/admin/tenants/{tenantA.Id}", new UpdateTenantRequest(Plan: Plans.Pro));
        using var othersKeys = await adminA.GetAsync($"/api/v1/admin/api-keys?tenantId={tenantB.Id}");
        using var keyInOther = await adminA.PostAsJsonAsync("/api/v1/admin/api-keys",
            new CreateApiKeyRequest("x", [ApiKeyScopes.Admin], TenantId: tenantB.Id));

        Assert.Equal(HttpStatusCode.OK, ownKeys.StatusCode);
        await Problems.AssertProblemAsync(tenants, HttpStatusCode.Forbidden, "forbidden");
        await Problems.AssertProblemAsync(plan, HttpStatusCode.Forbidden, "forbidden");
        await Problems.AssertProblemAsync(othersKeys, HttpStatusCode.Forbidden, "forbidden");
        await Problems.AssertProblemAsync(keyInOther, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_new_key_shows_its_secret_once_and_never_in_lists()
    {
        var tenant = await app.NewTenantAsync("secret-once");
        using var admin = app.Client(tenant.AdminKey);

        var created = await AppHostFixture.ReadAsync<CreatedApiKey>(await admin.PostAsJsonAsync("/api/v1/admin/api-keys",
            new CreateApiKeyRequest("ci", [ApiKeyScopes.Predictions])));
        var listed = await (await admin.GetAsync("/api/v1/admin/api-keys")).Content.ReadAsStringAsync();

        var secret = created.Secret;
        Assert.StartsWith("sk_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[(secret.LastIndexOf('_') + 1)..], listed, StringComparison.Ordinal);
        Assert.Contains(created.Key.Id.ToString(), listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_platform_admin_moves_a_tenant_to_another_plan()
    {
        var tenant = await app.NewTenantAsync("plan");
        using var platform = app.Client(app.AdminKey);

        var updated = await AppHostFixture.ReadAsync<TenantSummary>(
            await platform.PatchAsJsonAsync($"/api/v1/admin/tenants/{tenant.Id}", new UpdateTenantRequest(Plan: Plans.Pro)));
        using var unknown = await platform.PatchAsJsonAsync($"/api/v1/admin/tenants/{Guid.NewGuid()}", new UpdateTenantRequest(Plan: Plans.Pro));
        using var badPlan = await platform.PatchAsJsonAsync($"/api/v1/admin/tenants/{tenant.Id}", new UpdateTenantRequest(Plan: "platinum"));

        Assert.Equal(Plans.Pro, updated.Plan);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await Problems.AssertProblemAsync(badPlan, HttpStatusCode.BadRequest, "bad_request");
    }
}
