using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using App.Identity;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>Who may pass the gateway: API keys and the configured issuer's tokens, nothing else.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AuthenticationTests(SecurityAppHost app)
{
    private const string ProtectedPath = "/api/v1/jobs";

    /// <summary>
    /// Embedded, the cache's lifetime and 2 s for the revocation to commit and the polling to see it. Distributed, the
    /// 2 s alone: the api publishes the revocation over Redis and the gateway drops the cached key when it arrives.
    /// </summary>
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds((SecurityAppHost.Distributed ? 0 : SecurityAppHost.KeyCacheSeconds) + 2);

    [Fact]
    public async Task A_request_without_credentials_is_401_with_a_bearer_challenge()
    {
        using var client = app.Client();

        using var response = await client.GetAsync(ProtectedPath);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.StartsWith("Bearer realm=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anonymous_list_passes_without_credentials()
    {
        using var client = app.Client();

        using var api = await client.GetAsync("/api/v1/info");
        using var rag = await client.GetAsync("/api/v1/rag/info");
        using var apiDocument = await client.GetAsync("/api/docs/api/openapi.json");
        using var ragDocument = await client.GetAsync("/api/docs/rag/openapi.json");

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiDocument.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ragDocument.StatusCode);
    }

    [Fact]
    public async Task An_api_key_is_accepted_in_x_api_key_and_as_a_bearer_credential()
    {
        var tenant = await app.NewTenantAsync("keys");
        using var header = app.Client(tenant.AdminKey);
        using var bearer = app.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminKey);

        using var viaHeader = await header.GetAsync(ProtectedPath);
        using var viaBearer = await bearer.GetAsync(ProtectedPath);

        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBearer.StatusCode);
    }

    /// <summary>
    /// The gateway may cache what it looked up about an API key for Identity:ApiKeys:CacheSeconds
    /// (<see cref="SecurityAppHost.KeyCacheSeconds"/> here), so a revoked key may work that long, but no longer; with Redis
    /// (distributed mode) the revocation reaches the gateway at once, whatever the cache lifetime.
    /// </summary>
    [Fact]
    public async Task A_revoked_key_is_refused_within_the_key_cache_lifetime_or_at_once_with_redis_and_stays_refused()
    {
        var tenant = await app.NewTenantAsync("revoked");
        var key = await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Predictions);
        // An address of its own: the refusals below count against the failed-authentication limit per client IP.
        using var client = app.Client(key.Secret, SecurityAppHost.NewClientAddress());
        using var admin = app.Client(tenant.AdminKey);

        using (var before = await client.GetAsync(ProtectedPath))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoke = await admin.DeleteAsync($"/api/v1/admin/api-keys/{key.Key.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        var refused = await Eventually.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync(ProtectedPath);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Unauthorized,
            RefusedWithin,
            status => $"The revoked key still answered {status} {clock.Elapsed.TotalSeconds:0.0} s after the revocation.");
        var refusedAfter = clock.Elapsed;

        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.True(refusedAfter <= RefusedWithin, $"Refused only after {refusedAfter.TotalSeconds:0.0} s.");
        for (var i = 0; i < 3; i++)
        {
            using var again = await client.GetAsync(ProtectedPath);
            await Problems.AssertProblemAsync(again, HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task A_valid_jwt_from_the_configured_issuer_is_200()
    {
        var tenant = await app.NewTenantAsync("jwt");
        using var client = BearerClient(TestTokens.Jwt(tenant.Id, "alice"));

        using var jobs = await client.GetAsync(ProtectedPath);
        using var collections = await client.GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, collections.StatusCode);
    }

    [Fact]
    public async Task An_expired_jwt_is_401()
    {
        var tenant = await app.NewTenantAsync("jwt-expired");
        using var client = BearerClient(TestTokens.Jwt(tenant.Id, "alice", expires: DateTime.UtcNow.AddMinutes(-5)));

        using var response = await client.GetAsync(ProtectedPath);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwt_signed_by_another_key_is_401()
    {
        var tenant = await app.NewTenantAsync("jwt-forged");
        var otherKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var client = BearerClient(TestTokens.Jwt(tenant.Id, "mallory", [Roles.Admin], signingKey: otherKey));

        using var response = await client.GetAsync(ProtectedPath);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_jwt_whose_kid_names_an_unknown_key_is_401()
    {
        // What a forger sends: a key of their own, named in the header as if the issuer had published it.
        var tenant = await app.NewTenantAsync("jwt-unknown-kid");
        var forgedKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var client = BearerClient(TestTokens.Jwt(tenant.Id, "mallory", [Roles.Admin], signingKey: forgedKey, keyId: "rotated-in-2027"));

        using var response = await client.GetAsync(ProtectedPath);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwt_with_alg_none_is_401()
    {
        var tenant = await app.NewTenantAsync("jwt-none");
        using var client = BearerClient(TestTokens.UnsignedJwt(tenant.Id, "mallory"));

        using var response = await client.GetAsync(ProtectedPath);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_failed_authentication_is_audited_with_who_what_and_where_but_never_the_key()
    {
        var guess = App.Identity.Keys.ApiKeyFormat.Generate(out var prefix);
        var secretPart = guess[(guess.LastIndexOf('_') + 1)..];
        using var client = app.Client(guess);

        using var response = await client.GetAsync(ProtectedPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = await app.OpenDatabaseAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT actor, action, target, outcome, client_ip FROM audit_entries WHERE actor = @actor";
        query.AddParameter("@actor", $"api_key:{prefix}");
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "No audit entry names the refused key's prefix.");
        Assert.Equal("authentication.failed", reader.GetString(1));
        Assert.Contains($"GET {ProtectedPath}", reader.GetString(2), StringComparison.Ordinal);
        Assert.Equal("denied", reader.GetString(3));
        Assert.Equal("127.0.0.1", reader.GetString(4));
        Assert.DoesNotContain(secretPart, reader.GetString(0) + reader.GetString(2), StringComparison.Ordinal);
    }

    private HttpClient BearerClient(string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
