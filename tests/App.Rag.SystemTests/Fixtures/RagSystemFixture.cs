using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;
using Xunit;

namespace App.Rag.SystemTests.Fixtures;

/// <summary>
/// The whole app started once by the real AppHost, with a known bootstrap admin key. Through the gateway and the admin
/// API it creates two tenants (pro plan, so the upload rate limit stays out of the way) and one API key for each.
/// </summary>
public sealed class RagSystemFixture : AppHostFixture, IAsyncLifetime
{
    public const string AdminKey = "sk_ragsyste_cmFnLXN5c3RlbS10ZXN0cy1ib290c3RyYXAta2V5LTAxMjM0NTY3";

    public HttpClient TenantA { get; private set; } = null!;

    public HttpClient TenantB { get; private set; } = null!;

    public Guid TenantAId { get; private set; }

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["APP_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
        ["Identity__InternalSigningKey"] = "rag-system-tests-internal-signing-key-0123456789",
    };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        TenantA = ClientWithKey(await CreateKeyAsync(TenantAId = await CreateTenantAsync("rag-tenant-a"), "documents"));
        TenantB = ClientWithKey(await CreateKeyAsync(await CreateTenantAsync("rag-tenant-b"), "documents"));
    }

    public new async Task DisposeAsync()
    {
        TenantA?.Dispose();
        TenantB?.Dispose();
        await base.DisposeAsync();
    }

    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <returns>The new key's secret, made by the bootstrap admin through the admin API.</returns>
    public async Task<string> CreateKeyAsync(Guid tenant, params string[] scopes)
    {
        using var admin = ClientWithKey(AdminKey);
        var key = await PostAsync(admin, "/api/v1/admin/api-keys", new { name = $"rag-{string.Join('-', scopes)}", scopes, tenantId = tenant });
        return key.GetProperty("secret").GetString()!;
    }

    private async Task<Guid> CreateTenantAsync(string name)
    {
        using var admin = ClientWithKey(AdminKey);
        return (await PostAsync(admin, "/api/v1/admin/tenants", new { name, plan = "pro" })).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
