using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Identity;
using App.Identity.Admin;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>One tenant's keys, jobs and collections do not exist for another tenant: 404, and absent from lists.</summary>
[Collection(SecurityCollection.Name)]
public sealed class TenantIsolationTests(SecurityAppHost app)
{
    [Fact]
    public async Task Tenant_b_revoking_tenant_a_key_gets_404_and_the_key_keeps_working()
    {
        var tenantA = await app.NewTenantAsync("iso-a");
        var tenantB = await app.NewTenantAsync("iso-b");
        var keyA = await app.CreateApiKeyAsync(tenantA.Id, ApiKeyScopes.Predictions);
        using var adminB = app.Client(tenantB.AdminKey);
        using var clientA = app.Client(keyA.Secret);

        using var revoke = await adminB.DeleteAsync($"/api/v1/admin/api-keys/{keyA.Key.Id}");
        using var stillWorks = await clientA.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task Tenant_b_lists_see_nothing_of_tenant_a()
    {
        var tenantA = await app.NewTenantAsync("list-a");
        var tenantB = await app.NewTenantAsync("list-b");
        var keyA = await app.CreateApiKeyAsync(tenantA.Id, ApiKeyScopes.Predictions);
        using var adminA = app.Client(tenantA.AdminKey);
        using var adminB = app.Client(tenantB.AdminKey);
        var userA = await AppHostFixture.ReadAsync<UserSummary>(await adminA.PostAsJsonAsync("/api/v1/admin/users",
            new CreateUserRequest($"a-{Guid.NewGuid():N}@example.test")));

        var keys = await AppHostFixture.ReadAsync<List<ApiKeySummary>>(await adminB.GetAsync("/api/v1/admin/api-keys"));
        var users = await AppHostFixture.ReadAsync<List<UserSummary>>(await adminB.GetAsync("/api/v1/admin/users"));

        var keyIds = keys.Select(k => k.Id).ToList();
        Assert.Equal([tenantB.AdminKeyId], keyIds);
        Assert.DoesNotContain(keyA.Key.Id, keyIds);
        Assert.All(keys, k => Assert.Equal(tenantB.Id, k.TenantId));
        Assert.DoesNotContain(userA.Id, users.Select(u => u.Id));
    }

    [Fact]
    public async Task Tenant_a_job_is_404_for_tenant_b_and_absent_from_its_list()
    {
        var tenantA = await app.NewTenantAsync("job-a");
        var tenantB = await app.NewTenantAsync("job-b");
        using var clientA = app.Client(tenantA.AdminKey);
        using var clientB = app.Client(tenantB.AdminKey);

        var job = await AppHostFixture.ReadAsync<JsonElement>(await clientA.PostAsync("/api/v1/predictions", Wav.Upload(Wav.Tone())));
        var jobId = job.GetProperty("id").GetGuid();
        using var asA = await clientA.GetAsync($"/api/v1/jobs/{jobId}");
        using var asB = await clientB.GetAsync($"/api/v1/jobs/{jobId}");
        var listB = await AppHostFixture.ReadAsync<JsonElement>(await clientB.GetAsync("/api/v1/jobs"));

        Assert.Equal(HttpStatusCode.OK, asA.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asB.StatusCode);
        Assert.Equal(0, listB.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Tenant_a_collection_is_404_for_tenant_b_and_absent_from_its_list()
    {
        var tenantA = await app.NewTenantAsync("rag-a");
        var tenantB = await app.NewTenantAsync("rag-b");
        using var clientA = app.Client(tenantA.AdminKey);
        using var clientB = app.Client(tenantB.AdminKey);

        var collection = await AppHostFixture.ReadAsync<JsonElement>(await clientA.PostAsJsonAsync("/api/v1/collections", new { name = "private" }));
        var collectionId = collection.GetProperty("id").GetGuid();
        using var asA = await clientA.GetAsync($"/api/v1/collections/{collectionId}");
        using var asB = await clientB.GetAsync($"/api/v1/collections/{collectionId}");
        var listB = await AppHostFixture.ReadAsync<JsonElement>(await clientB.GetAsync("/api/v1/collections"));

        Assert.Equal(HttpStatusCode.OK, asA.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asB.StatusCode);
        Assert.DoesNotContain(collectionId, listB.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
    }
}
