using System.Net;
using App.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace App.ServiceDefaults.Tests;

/// <summary>The HttpClient defaults against a real backend: logical names resolve from configuration; only idempotent requests retry.</summary>
public sealed class HttpClientDefaultsTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _backend = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _caller = null!;
    private int _calls;

    public async Task InitializeAsync()
    {
        _backend = await TestApp.StartAsync(map: app =>
        {
            app.MapMethods("/flaky", ["GET", "POST"], () =>
                Interlocked.Increment(ref _calls) == 1 ? Results.StatusCode(503) : Results.Text("ok"));
            app.MapGet("/whoami", (HttpContext context) => Results.Text(context.Request.Host.ToString()));
        });
        _caller = await TestApp.StartAsync(
            configure: builder => builder.Services.AddHttpClient("backend", c => c.BaseAddress = new Uri("http://backend")),
            settings: new Dictionary<string, string?>
            {
                ["services:backend:http:0"] = _backend.Address().ToString(),
                ["HttpResilience:RetryBaseDelay"] = "00:00:00.010",
            });
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
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
    public async Task Idempotent_request_is_retried_after_a_transient_failure()
    {
        using var response = await Client.GetAsync("/flaky");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task Request_with_a_body_is_not_retried()
    {
        using var response = await Client.PostAsync("/flaky", new StringContent("payload"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _calls);
    }
}
