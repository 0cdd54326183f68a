using System.Net;
using App.Identity;
using App.Identity.Keys;
using App.Security.Tests.Infrastructure;

namespace App.Security.Tests;

/// <summary>Limits counted in the shared database, per key and per client address, announced in RateLimit-* headers.</summary>
[Collection(SecurityCollection.Name)]
public sealed class RateLimitTests(SecurityAppHost app)
{
    private const int FreeUploadsPerMinute = 10;

    [Fact]
    public async Task The_eleventh_upload_in_a_minute_on_free_gets_429_with_retry_after_and_ratelimit_headers()
    {
        var tenant = await app.NewTenantAsync("uploads", plan: Plans.Free);
        var key = await app.CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Predictions);
        using var client = app.Client(key.Secret, SecurityAppHost.NewClientAddress());
        await StartOfAFreshWindowAsync();

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < FreeUploadsPerMinute; i++)
        {
            // Not audio: the service refuses it quickly and stores nothing, but the gateway has counted the upload by then.
            allowed.Add(await client.PostAsync("/api/v1/predictions", new ByteArrayContent([1, 2, 3])));
        }

        using var refused = await client.PostAsync("/api/v1/predictions", new ByteArrayContent([1, 2, 3]));
        using var read = await client.GetAsync("/api/v1/jobs");

        Assert.All(allowed, r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(Enumerable.Range(0, FreeUploadsPerMinute).Select(i => $"{FreeUploadsPerMinute - 1 - i}"),
            allowed.Select(r => r.Header("RateLimit-Remaining")));
        Assert.All(allowed, r => Assert.Equal($"{FreeUploadsPerMinute}", r.Header("RateLimit-Limit")));
        await Problems.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
        var retryAfter = int.Parse(refused.Header("Retry-After"));
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal($"{FreeUploadsPerMinute}", refused.Header("RateLimit-Limit"));
        Assert.Equal("0", refused.Header("RateLimit-Remaining"));
        Assert.Equal($"{retryAfter}", refused.Header("RateLimit-Reset"));
        // Reads are another policy with their own budget.
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        allowed.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task After_too_many_failed_authentications_an_address_is_refused_before_its_credentials_are_checked()
    {
        const int failuresAllowed = 30;
        var tenant = await app.NewTenantAsync("brute-force");
        var address = SecurityAppHost.NewClientAddress();
        await StartOfAFreshWindowAsync();

        for (var i = 0; i < failuresAllowed; i++)
        {
            using var guess = app.Client(ApiKeyFormat.Generate(out _), address);
            using var failed = await guess.GetAsync("/api/v1/jobs");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var oneMore = app.Client(ApiKeyFormat.Generate(out _), address);
        using var lastFailure = await oneMore.GetAsync("/api/v1/jobs");
        using var rightKey = app.Client(tenant.AdminKey, address);
        using var blocked = await rightKey.GetAsync("/api/v1/jobs");
        using var elsewhere = app.Client(tenant.AdminKey, SecurityAppHost.NewClientAddress());
        using var fromElsewhere = await elsewhere.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, lastFailure.StatusCode);
        await Problems.AssertProblemAsync(blocked, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.True(int.Parse(blocked.Header("Retry-After")) > 0);
        Assert.Equal(HttpStatusCode.OK, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task A_successful_response_carries_the_ratelimit_headers()
    {
        var tenant = await app.NewTenantAsync("headers");
        using var client = app.Client(tenant.AdminKey, SecurityAppHost.NewClientAddress());

        using var first = await client.GetAsync("/api/v1/jobs");
        using var second = await client.GetAsync("/api/v1/jobs");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("100", first.Header("RateLimit-Limit"));
        Assert.Equal(int.Parse(first.Header("RateLimit-Remaining")) - 1, int.Parse(second.Header("RateLimit-Remaining")));
        Assert.InRange(int.Parse(first.Header("RateLimit-Reset")), 1, 60);
    }

    /// <summary>Windows are fixed minutes; a burst that straddles two of them would be counted in both halves.</summary>
    private static async Task StartOfAFreshWindowAsync()
    {
        var secondsIntoWindow = DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 60;
        if (secondsIntoWindow > 40)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - secondsIntoWindow));
        }
    }
}
