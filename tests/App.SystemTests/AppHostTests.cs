using System.Diagnostics;
using System.Net;
using App.SystemTests.Infrastructure;
using App.Testing;

namespace App.SystemTests;

/// <summary>
/// The whole system as `dotnet run --project App.AppHost` starts it: real processes, real HTTP on 127.0.0.1.
/// The steps run in order because the later ones kill a service and then stop the AppHost.
/// </summary>
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class AppHostTests(AppHostFixture app) : IClassFixture<AppHostFixture>
{
    private static readonly string[] Services = ["api", "rag", "worker"];
    private static readonly string[] Projects = [.. Services, "gateway"];
    private static readonly TimeSpan RestartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ShutdownLimit = TimeSpan.FromSeconds(60);

    [Fact, Step(1)]
    public async Task Gateway_health_reports_every_service_healthy()
    {
        var (status, report) = await app.GatewayHealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.Status);
        Assert.All(Services, name => Assert.Equal("Healthy", report.Checks[name].Status));
    }

    [Fact, Step(1)]
    public async Task Status_page_lists_every_resource_and_the_gateway_is_announced_once()
    {
        var resources = await app.ResourcesAsync();
        var page = await app.Http.GetStringAsync(app.Dashboard);

        Assert.Equal(1, app.AppHost.GatewayLineCount);
        Assert.Equal(new Uri($"http://127.0.0.1:{app.GatewayPort}"), app.Gateway);
        Assert.All(Projects, name =>
        {
            var project = resources.Single(r => r.Name == name);
            Assert.Equal("Healthy", project.State);
            Assert.NotNull(project.Pid);
            Assert.Contains($"<td>{name}</td>", page, StringComparison.Ordinal);
        });
        Assert.Equal($"http://127.0.0.1:{app.GatewayPort}", resources.Single(r => r.Name == "gateway").Url);
        Assert.All(new[] { "appdb", "blobs" }, name => Assert.Equal("Running", resources.Single(r => r.Name == name).State));
        Assert.True(Directory.Exists(Path.Combine(app.DataDirectory, "blobs")));
    }

    [Fact, Step(1)]
    public async Task Services_receive_the_aspire_variables()
    {
        var resources = await app.ResourcesAsync();
        string UrlOf(string name) => resources.Single(r => r.Name == name).Url!;

        var rag = ProcessTable.EnvironmentOf(resources.Single(r => r.Name == "rag").Pid!.Value);
        Assert.Equal($"Data Source={Path.Combine(app.DataDirectory, "app.db")}", rag["ConnectionStrings__appdb"]);
        Assert.Equal(Path.Combine(app.DataDirectory, "blobs"), rag["ConnectionStrings__blobs"]);
        Assert.Equal(UrlOf("rag"), rag["ASPNETCORE_URLS"]);
        Assert.Equal("true", rag["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("rag", rag["OTEL_SERVICE_NAME"]);

        var gateway = ProcessTable.EnvironmentOf(resources.Single(r => r.Name == "gateway").Pid!.Value);
        Assert.All(Services, name => Assert.Equal(UrlOf(name), gateway[$"services__{name}__http__0"]));
        // The gateway reads keys, plans and rate-limit counters from the same database, and signs with the services' shared key.
        Assert.Equal(rag["ConnectionStrings__appdb"], gateway["ConnectionStrings__appdb"]);
        Assert.Equal(rag["Identity__InternalSigningKey"], gateway["Identity__InternalSigningKey"]);
    }

    [Fact, Step(2)]
    public async Task A_killed_service_is_restarted_and_healthy_again_through_the_gateway()
    {
        var before = await app.ResourceAsync("rag");
        using (var rag = Process.GetProcessById(before.Pid!.Value))
        {
            rag.Kill();
        }

        var after = await Eventually.UntilAsync(
            () => app.ResourceAsync("rag"),
            r => r.State == "Healthy" && r.Pid is not null && r.Pid != before.Pid,
            RestartLimit,
            r => $"rag is {r}.\n{app.AppHost.OutputTail()}");
        var (_, report) = await Eventually.UntilAsync(
            app.GatewayHealthAsync,
            h => h.Status == HttpStatusCode.OK,
            RestartLimit,
            h => $"Gateway health: {h.Status} {string.Join(", ", h.Report?.Checks.Select(c => $"{c.Key}={c.Value.Status}") ?? [])}");

        Assert.Equal(before.RestartCount + 1, after.RestartCount);
        Assert.Equal(1, after.RestartCount);
        Assert.False(ProcessTable.IsAlive(before.Pid.Value));
        Assert.Equal("Healthy", report.Checks["rag"].Status);
    }

    [Fact, Step(3)]
    public async Task Sigterm_stops_the_apphost_and_leaves_no_child_process()
    {
        var pids = (await app.ResourcesAsync()).Where(r => r.Pid is not null).Select(r => r.Pid!.Value).ToList();
        Assert.Equal(Projects.Length, pids.Count);
        Assert.All(pids, pid => Assert.True(ProcessTable.IsAlive(pid)));

        PosixSignals.Terminate(app.AppHost.Process.Id);
        await app.AppHost.Process.WaitForExitAsync().WaitAsync(ShutdownLimit);

        Assert.Equal(0, app.AppHost.Process.ExitCode);
        Assert.All(pids, pid => Assert.False(ProcessTable.IsAlive(pid), $"pid {pid} survived the AppHost"));
        Assert.Empty(ProcessTable.ProcessesMentioning(app.DataDirectory));
    }
}
