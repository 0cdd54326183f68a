using System.Net;
using App.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace App.ServiceDefaults.Tests;

/// <summary>
/// The HttpClient defaults (service discovery and the standard resilience handler) against real backends: logical
/// names resolve from configuration; only requests that are safe to repeat are retried; each destination has its own
/// circuit.
/// </summary>
public sealed class HttpClientDefaultsTests : IAsyncLifetime
{
    private WebApplication _backend = null!;
    private WebApplication _failing = null!;
    private WebApplication _caller = null!;
    private int _calls;
    private int _failingCalls;

    public async Task InitializeAsync()
    {
        _backend = await TestApp.StartAsync(map: app =>
        {
            app.MapMethods("/flaky", ["GET", "POST"], () =>
                Interlocked.Increment(ref _calls) == 1 ? Results.StatusCode(503) : Results.Text("ok"));
            app.MapGet("/whoami", (HttpContext context) => Results.Text(context.Request.Host.ToString()));
        });
        _failing = await TestApp.StartAsync(map: app => app.MapGet("/down", () =>
        {
            Interlocked.Increment(ref _failingCalls);
            return Results.StatusCode(503);
        }));
        _caller = await TestApp.StartAsync(
            configure: builder => builder.Services.AddHttpClient("backend", c => c.BaseAddress = new Uri("http://backend")),
            settings: new Dictionary<string, string?>
            {
                ["services:backend:http:0"] = _backend.Address().ToString(),
                ["services:failing:http:0"] = _failing.Address().ToString(),
                // Bound onto HttpStandardResilienceOptions: quick retries, and a circuit that opens after two failed attempts.
                ["HttpResilience:Retry:Delay"] = "00:00:00.010",
                ["HttpResilience:Retry:MaxRetryAttempts"] = "1",
                ["HttpResilience:CircuitBreaker:MinimumThroughput"] = "2",
                ["HttpResilience:CircuitBreaker:FailureRatio"] = "0.5",
                ["HttpResilience:CircuitBreaker:BreakDuration"] = "00:01:00",
            });
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _failing.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private HttpClient Client => _caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("backend");

    [Fact]
    public async Task Logical_service_name_resolves_from_configuration()
    {
        var host = await Client.GetStringAsync("/whoami");

        Assert.Equal(_backend.Address().Authority, host);
    }

    [Fact]
    public async Task A_get_is_retried_after_a_503()
    {
        using var response = await Client.GetAsync("/flaky");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task A_post_is_not_retried_after_a_503()
    {
        using var response = await Client.PostAsync("/flaky", new StringContent("payload"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _calls);
    }

    [Fact]
    public async Task A_failing_service_opens_its_own_circuit_only()
    {
        var client = Client;

        // Two failed attempts (the GET and its retry) open the circuit to "failing"...
        using (var first = await client.GetAsync("http://failing/down"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        Assert.Equal(2, _failingCalls);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync("http://failing/down"));
        Assert.Equal(2, _failingCalls);

        // ...and the same client still reaches every other service.
        using var other = await client.GetAsync("http://backend/whoami");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
