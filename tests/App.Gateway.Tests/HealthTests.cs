using System.Net;
using System.Text.Json;
using App.Gateway.Tests.Fixtures;
using App.Testing;

namespace App.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HealthTests
{
    private readonly GatewayFixture _fixture;

    public HealthTests(GatewayFixture fixture)
    {
        _fixture = fixture;
        fixture.Reset();
    }

    [Fact]
    public async Task Health_is_healthy_when_every_service_answers_healthy()
    {
        using var response = await _fixture.Client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        foreach (var service in new[] { "api", "rag", "worker" })
        {
            var check = checks.GetProperty(service);
            Assert.Equal("Healthy", check.GetProperty("status").GetString());
            Assert.Equal($"http://{service}/health", check.GetProperty("data").GetProperty("url").GetString());
            Assert.Equal(200, check.GetProperty("data").GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Health_is_503_naming_the_service_that_is_down_while_alive_stays_up()
    {
        await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
        {
            ["services__api__http__0"] = _fixture.Api.Url,
            ["services__rag__http__0"] = _fixture.Rag.Url,
            ["services__worker__http__0"] = FreePort.ClosedUrl(),
        });

        using var response = await gateway.Client.GetAsync("/health");
        using var alive = await gateway.Client.GetAsync("/alive");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("worker").GetProperty("status").GetString());
        Assert.Equal("unreachable", checks.GetProperty("worker").GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("api").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("rag").GetProperty("status").GetString());
    }
}
