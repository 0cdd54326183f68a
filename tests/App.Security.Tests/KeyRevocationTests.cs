using System.Diagnostics;
using System.Net;
using App.Identity;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>
/// The gateway may cache what it looked up about an API key for Gateway:Authentication:KeyCacheSeconds
/// (<see cref="SecurityAppHost.KeyCacheSeconds"/> here), so a revoked key may work that long, but no longer.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class KeyRevocationTests(SecurityAppHost app)
{
    private const string ProtectedPath = "/api/v1/jobs";

    /// <summary>The cache's lifetime, and 2 s for the revocation to commit and the polling to see it.</summary>
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(SecurityAppHost.KeyCacheSeconds + 2);

    [Fact]
    public async Task A_revoked_key_is_refused_within_the_key_cache_lifetime_and_stays_refused()
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
}
