using App.Identity.Internal;
using App.Identity.Tests.Support;
using Microsoft.Extensions.Options;

namespace App.Identity.Tests;

public sealed class InternalIdentityTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters!";
    private static readonly CallerIdentity Caller = new(
        Guid.NewGuid(), "key-7", new HashSet<string> { Roles.Member }, new HashSet<string> { ApiKeyScopes.Predictions }, AuthMethod.ApiKey, Plans.Pro);

    private static InternalTokenIssuer Issuer(TimeProvider time, string secret = Secret) =>
        new(Options.Create(new InternalIdentityOptions { SigningKey = secret }), time);

    private static InternalTokenVerifier Verifier(string audience = "api", TimeProvider? time = null) =>
        new(Options.Create(new InternalIdentityOptions { SigningKey = Secret, Audience = audience }), time ?? TimeProvider.System);

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
    public async Task ARememberedTokenStillExpires()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var verifier = Verifier(time: clock);
        var token = Issuer(clock).Issue(Caller, "api");
        Assert.True((await verifier.VerifyAsync(token)).Succeeded);
        Assert.True((await verifier.VerifyAsync(token)).Succeeded);
        Assert.Equal(1, verifier.Remembered);

        clock.Now = clock.Now.AddMinutes(2);

        Assert.False((await verifier.VerifyAsync(token)).Succeeded);
        Assert.Equal(0, verifier.Remembered);
    }

    [Fact]
    public async Task OnlyTheExactRememberedStringSkipsValidation()
    {
        var verifier = Verifier();
        var token = Issuer(TimeProvider.System).Issue(Caller, "api");
        Assert.True((await verifier.VerifyAsync(token)).Succeeded);

        Assert.False((await verifier.VerifyAsync(TestIssuer.Tampered(token, "tid", Guid.NewGuid().ToString()))).Succeeded);
        Assert.False((await verifier.VerifyAsync(TestIssuer.Unsigned(token))).Succeeded);
        Assert.False((await verifier.VerifyAsync(token + "x")).Succeeded);
        Assert.Equal(Caller.Subject, (await verifier.VerifyAsync(token)).Identity?.Subject);
        Assert.Equal(1, verifier.Remembered);
    }

    [Fact]
    public async Task RememberedTokensStayBounded()
    {
        var verifier = Verifier();
        var issuer = Issuer(TimeProvider.System);

        for (var i = 0; i <= InternalTokenVerifier.MaxRemembered; i++)
        {
            Assert.True((await verifier.VerifyAsync(issuer.Issue(Caller with { Subject = $"key-{i}" }, "api"))).Succeeded);
        }

        Assert.InRange(verifier.Remembered, 1, InternalTokenVerifier.MaxRemembered);
    }

    [Fact]
    public void ShortSecretIsRejectedAtStartUp()
    {
        Assert.Throws<InvalidOperationException>(() => Issuer(TimeProvider.System, secret: "too-short"));
    }
}
