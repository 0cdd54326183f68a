using System.Net;
using App.Testing;

namespace App.SystemTests;

/// <summary>The whole system as the real AppHost starts it (Aspire.Hosting.Testing): real processes, real HTTP on loopback.</summary>
public sealed class AppHostTests(AppHostFixture app) : IClassFixture<AppHostFixture>
{
    private static readonly string[] Services = ["api", "rag", "worker"];

    [Fact]
    public async Task Gateway_health_reports_every_service_healthy_on_the_requested_port()
    {
        var (status, report) = await app.GatewayHealthAsync();

        Assert.Equal(new Uri($"http://localhost:{app.GatewayPort}"), app.Gateway);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.Status);
        Assert.All(Services, name => Assert.Equal("Healthy", report.Checks[name].Status));
    }

    [Fact]
    public void Services_receive_the_aspire_variables()
    {
        var rag = ProcessTable.EnvironmentOf(Assert.Single(app.ProcessesOf("rag")));
        var gateway = ProcessTable.EnvironmentOf(Assert.Single(app.ProcessesOf("gateway")));

        if (AppHostFixture.Distributed)
        {
            Assert.StartsWith("Host=127.0.0.1;", rag["ConnectionStrings__appdb"], StringComparison.Ordinal);
            Assert.Contains("Database=appdb", rag["ConnectionStrings__appdb"], StringComparison.Ordinal);
            // Blobs (and the shared key rings) on the AppHost's Azurite.
            Assert.StartsWith("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;", rag["ConnectionStrings__blobs"], StringComparison.Ordinal);
            Assert.Matches(@"BlobEndpoint=http://127\.0\.0\.1:\d+/devstoreaccount1;", rag["ConnectionStrings__blobs"]);
            Assert.True(Directory.Exists(Path.Combine(app.DataDirectory, "azurite")));
        }
        else
        {
            Assert.Equal($"Data Source={Path.Combine(app.DataDirectory, "app.db")}", rag["ConnectionStrings__appdb"]);
            Assert.Equal(Path.Combine(app.DataDirectory, "blobs"), rag["ConnectionStrings__blobs"]);
        }

        Assert.Equal(rag["ConnectionStrings__blobs"], gateway["ConnectionStrings__blobs"]);
        Assert.Equal("true", rag["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("rag", rag["OTEL_SERVICE_NAME"]);
        Assert.All(Services, name => Assert.StartsWith("http://localhost:", gateway[$"services__{name}__http__0"], StringComparison.Ordinal));
        // The gateway reads keys, plans and rate-limit counters from the same database, and signs with the services' shared key.
        Assert.Equal(rag["ConnectionStrings__appdb"], gateway["ConnectionStrings__appdb"]);
        Assert.Equal(rag["Identity__InternalSigningKey"], gateway["Identity__InternalSigningKey"]);
        Assert.True(rag["Identity__InternalSigningKey"].Length >= 32);
    }

    [Fact]
    public async Task A_service_stopped_behind_the_gateway_turns_its_health_unhealthy_and_a_restart_heals_it()
    {
        await app.CrashAsync("rag");
        var (down, _) = await Eventually.UntilAsync(app.GatewayHealthAsync, h => h.Status != HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            h => $"Gateway health stayed {h.Status}");
        await app.StartServiceAsync("rag");
        var (_, report) = await Eventually.UntilAsync(app.GatewayHealthAsync, h => h.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            h => $"Gateway health: {h.Status}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("Healthy", report.Checks["rag"].Status);
    }
}
