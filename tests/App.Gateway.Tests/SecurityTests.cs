using System.Net;
using System.Text.RegularExpressions;
using App.Gateway.Tests.Fixtures;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class SecurityTests
{
    private readonly GatewayFixture _fixture;

    public SecurityTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Fact]
    public async Task An_allowed_origin_gets_cors_headers_on_preflight_and_on_the_response()
    {
        using var preflight = await _fixture.Client.SendAsync(Preflight(GatewayFixture.AllowedOrigin));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.Add("Origin", GatewayFixture.AllowedOrigin);
        using var response = await _fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(GatewayFixture.AllowedOrigin, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(GatewayFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Null(_fixture.Api.LastRequest?.Method is "OPTIONS" ? _fixture.Api.LastRequest : null);
    }

    [Fact]
    public async Task A_disallowed_origin_gets_no_cors_headers()
    {
        using var preflight = await _fixture.Client.SendAsync(Preflight("https://evil.example"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs");
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await _fixture.Client.SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/v1/jobs")]
    [InlineData("/nowhere")]
    [InlineData("/health")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        // A service's own, weaker framing policy must not win over the gateway's.
        _fixture.Api.Handle(context =>
        {
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            return context.Response.WriteAsync("ok");
        });

        using var response = await _fixture.Client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain http");
    }

    [Fact]
    public async Task The_docs_ui_gets_a_policy_that_allows_its_own_scripts_and_its_one_nonced_inline_script()
    {
        using var first = await _fixture.Client.GetAsync("/api/docs/");
        using var second = await _fixture.Client.GetAsync("/api/docs/");

        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "script-src 'self' 'nonce-([^']+)';").Groups[1].Value;
        var page = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEmpty(nonce);
        Assert.Contains($"<script type=\"module\" nonce=\"{nonce}\">", page);
        Assert.NotEqual(policy, second.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/jobs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
