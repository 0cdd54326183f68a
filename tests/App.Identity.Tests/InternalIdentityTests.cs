using System.Net;
using System.Text.Json;
using App.Identity.Internal;
using App.Identity.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace App.Identity.Tests;

public sealed class InternalIdentityTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters!";
    private static readonly CallerIdentity Caller = new(
        Guid.NewGuid(), "key-7", new HashSet<string> { Roles.Member }, new HashSet<string> { ApiKeyScopes.Predictions }, AuthMethod.ApiKey, Plans.Pro);

    private static InternalTokenIssuer Issuer(TimeProvider time, string secret = Secret) =>
        new(Options.Create(new InternalIdentityOptions { SigningKey = secret }), time);

    private static InternalTokenVerifier Verifier(string audience = "api") =>
        new(Options.Create(new InternalIdentityOptions { SigningKey = Secret, Audience = audience }), TimeProvider.System);

    [Fact]
    public async Task ValidTokenCarriesTheCallerUnchanged()
    {
        var token = Issuer(TimeProvider.System).Issue(Caller, "api");

        var result = await Verifier().VerifyAsync(token);

        Assert.True(result.Succeeded, result.Failure);
        var caller = result.Identity!;
        Assert.Equal(Caller.TenantId, caller.TenantId);
        Assert.Equal(Caller.Subject, caller.Subject);
        Assert.Equal(Caller.Roles, caller.Roles);
        Assert.Equal(Caller.Scopes, caller.Scopes);
        Assert.Equal(Caller.Method, caller.Method);
        Assert.Equal(Caller.Plan, caller.Plan);
    }

    [Fact]
    public async Task TokenOlderThanItsLifetimeIsRefused()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow.AddSeconds(-70));

        var result = await Verifier().VerifyAsync(Issuer(clock).Issue(Caller, "api"));

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task TokenForAnotherServiceIsRefused()
    {
        var result = await Verifier(audience: "rag").VerifyAsync(Issuer(TimeProvider.System).Issue(Caller, "api"));

        Assert.False(result.Succeeded);
        Assert.Contains("InvalidAudience", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedOrForeignTokensAreRefused()
    {
        var token = Issuer(TimeProvider.System).Issue(Caller, "api");
        var otherTenant = TestIssuer.Tampered(token, "tid", Guid.NewGuid().ToString());
        var foreign = Issuer(TimeProvider.System, secret: "another-secret-also-at-least-32-characters").Issue(Caller, "api");

        Assert.False((await Verifier().VerifyAsync(otherTenant)).Succeeded);
        Assert.False((await Verifier().VerifyAsync(foreign)).Succeeded);
        Assert.False((await Verifier().VerifyAsync(TestIssuer.Unsigned(token))).Succeeded);
        Assert.False((await Verifier().VerifyAsync(null)).Succeeded);
    }

    [Fact]
    public void ShortSecretIsRejectedAtStartUp()
    {
        Assert.Throws<InvalidOperationException>(() => Issuer(TimeProvider.System, secret: "too-short"));
    }

    [Fact]
    public async Task MiddlewareRefusesRequestsWithoutAValidTokenAsProblemDetails()
    {
        await using var app = await StartServiceAsync();
        var client = app.GetTestClient();
        var issuer = Issuer(TimeProvider.System);

        using var anonymous = await client.GetAsync("/whoami");
        using var forOtherService = await Send(client, issuer.Issue(Caller, "rag"));
        using var valid = await Send(client, issuer.Issue(Caller, "api"));
        using var probe = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, forOtherService.StatusCode);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal($"{Caller.TenantId}/key-7", await valid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add(InternalIdentityOptions.HeaderName, token);
        return client.SendAsync(request);
    }

    private static async Task<WebApplication> StartServiceAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [InternalIdentityOptions.SigningKeyKey] = Secret,
            ["Identity:Internal:Audience"] = "api",
        });
        builder.Services.AddInternalIdentity(builder.Configuration);
        var app = builder.Build();
        app.UseInternalIdentity();
        app.MapGet("/health", () => "ok");
        app.MapGet("/whoami", (HttpContext context) => $"{context.GetCallerIdentity()!.TenantId}/{context.User.Identity!.Name}");
        await app.StartAsync();
        return app;
    }
}
