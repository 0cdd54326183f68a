using System.Net;
using System.Text.Json;
using App.ServiceDefaults.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.ServiceDefaults.Tests;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Failing_dependency_fails_readiness_but_not_liveness(string environment)
    {
        await using var app = await TestApp.StartAsync(configure: builder => builder.Services.AddHealthChecks()
            .AddCheck("database", () => HealthCheckResult.Unhealthy("cannot connect")), environment: environment);
        using var client = new HttpClient();

        using var ready = await client.GetAsync(new Uri(app.Address(), "/health"));
        using var alive = await client.GetAsync(new Uri(app.Address(), "/alive"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("cannot connect", checks.GetProperty("database").GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("self").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var aliveBody = JsonDocument.Parse(await alive.Content.ReadAsStringAsync());
        var aliveChecks = aliveBody.RootElement.GetProperty("checks");
        Assert.True(aliveChecks.TryGetProperty("self", out _));
        Assert.False(aliveChecks.TryGetProperty("database", out _), "liveness runs only the checks tagged live");
    }

    [Fact]
    public async Task OpenApi_document_is_served_in_production()
    {
        await using var app = await TestApp.StartAsync();
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(app.Address(), "/openapi/v1.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
    }
}
