using App.Identity;
using App.Testing;
using Xunit;

namespace App.Rag.SystemTests.Fixtures;

/// <summary>
/// The whole app started once by the real AppHost. Through the gateway and the admin API it creates two tenants (pro
/// plan, so the upload rate limit stays out of the way) and one API key for each.
/// </summary>
public sealed class RagSystemFixture : AppHostFixture, IAsyncLifetime
{
    public HttpClient TenantA { get; private set; } = null!;

    public HttpClient TenantB { get; private set; } = null!;

    public Guid TenantAId { get; private set; }

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Identity__InternalSigningKey"] = "rag-system-tests-internal-signing-key-0123456789",
    };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (TenantAId, TenantA) = await NewTenantAsync("rag-tenant-a");
        (_, TenantB) = await NewTenantAsync("rag-tenant-b");
    }

    public new async Task DisposeAsync()
    {
        TenantA?.Dispose();
        TenantB?.Dispose();
        await base.DisposeAsync();
    }

    /// <returns>A new pro tenant and a client of it with a documents key.</returns>
    private async Task<(Guid Id, HttpClient Client)> NewTenantAsync(string name)
    {
        var tenant = await CreateTenantAsync(name, Plans.Pro);
        return (tenant.Id, Client((await CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Documents)).Secret));
    }
}
