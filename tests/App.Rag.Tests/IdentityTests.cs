using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using App.Rag.Tests.Fixtures;

namespace App.Rag.Tests;

/// <summary>The service's side of the gateway's signed identity: audience, scope, and the probes that stay open.</summary>
public sealed class IdentityTests
{
    private readonly Guid _tenant = Guid.NewGuid();

    [Fact]
    public async Task A_token_signed_for_another_service_is_refused_and_health_reports_the_database()
    {
        await using var app = await RagApp.StartAsync();

        var refused = await app.ClientFor(_tenant, audience: "api").GetAsync("/api/v1/collections");
        var health = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("unauthorized", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("rag-database", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_without_the_documents_scope_is_refused_with_403()
    {
        await using var app = await RagApp.StartAsync();

        var refused = await app.ClientFor(_tenant, scopes: new HashSet<string> { "predictions" }).GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("forbidden", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
