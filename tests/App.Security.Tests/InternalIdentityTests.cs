using System.Net;
using App.Identity;
using App.Identity.Internal;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>Services believe only the gateway: a token it signed for them, never a header a client made up.</summary>
[Collection(SecurityCollection.Name)]
public sealed class InternalIdentityTests(SecurityAppHost app)
{
    [Theory]
    [InlineData("api", "/api/v1/jobs")]
    [InlineData("api", "/api/v1/admin/api-keys")]
    [InlineData("rag", "/api/v1/collections")]
    public async Task A_direct_call_bypassing_the_gateway_is_401_even_with_a_valid_api_key(string service, string path)
    {
        using var direct = AppHostFixture.ClientOf(app.ServiceAddress(service), app.AdminKey);

        using var response = await direct.GetAsync(path);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("api", "/api/v1/admin/api-keys")]
    [InlineData("rag", "/api/v1/collections")]
    public async Task A_direct_call_needs_a_token_signed_with_the_gateway_key_for_that_very_service(string service, string path)
    {
        using var direct = AppHostFixture.ClientOf(app.ServiceAddress(service));
        var admin = TestTokens.PlatformAdmin();
        var otherService = service == "api" ? "rag" : "api";

        var forged = await SendAsync(direct, path, TestTokens.Internal(TestTokens.RandomSecret(), admin, service));
        var wrongAudience = await SendAsync(direct, path, TestTokens.Internal(app.InternalSigningKey, admin, otherService));
        var genuine = await SendAsync(direct, path, TestTokens.Internal(app.InternalSigningKey, admin, service));

        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience);
        // The control: what the refusals above turn on is the token, not the route or the network.
        Assert.Equal(HttpStatusCode.OK, genuine);
    }

    [Fact]
    public async Task A_spoofed_internal_identity_header_from_a_client_is_dropped_by_the_gateway()
    {
        var tenant = await app.NewTenantAsync("spoof");
        var memberKey = await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Predictions);
        // Even a token the services would accept (signed with the real key, for the platform admin) is discarded at the edge.
        var spoofed = TestTokens.Internal(app.InternalSigningKey, TestTokens.PlatformAdmin(), "api");
        using var member = app.Client(memberKey.Secret);
        member.DefaultRequestHeaders.Add(InternalIdentityOptions.HeaderName, spoofed);
        using var anonymous = app.Client();
        anonymous.DefaultRequestHeaders.Add(InternalIdentityOptions.HeaderName, spoofed);

        using var asMember = await member.GetAsync("/api/v1/admin/api-keys");
        using var withoutKey = await anonymous.GetAsync("/api/v1/admin/api-keys");

        await Problems.AssertProblemAsync(asMember, HttpStatusCode.Forbidden, "forbidden");
        await Problems.AssertProblemAsync(withoutKey, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(InternalIdentityOptions.HeaderName, token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
