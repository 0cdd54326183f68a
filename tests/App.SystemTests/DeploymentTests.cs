using System.Text.Json;
using System.Text.RegularExpressions;
using App.Testing;

namespace App.SystemTests;

/// <summary>
/// The deployment files as committed: Prometheus' config and alert rules checked and unit-tested by promtool (Debian's
/// prometheus package, installed by scripts/install-deps.sh), the Grafana dashboard, and the manifest azd reads.
/// </summary>
public sealed partial class DeploymentTests
{
    private static readonly string Prometheus = Path.Combine(AppContext.BaseDirectory, "deploy", "prometheus");

    [Fact]
    public async Task Alert_rules_pass_their_promtool_unit_tests()
    {
        var (exit, output) = await CommandLine.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], Prometheus);
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_config_and_rules_are_valid_and_every_listed_alert_exists()
    {
        var (exit, output) = await CommandLine.RunAsync("promtool", ["check", "config", "prometheus.yml"], Prometheus);
        Assert.True(exit == 0, output);
        var rules = await File.ReadAllTextAsync(Path.Combine(Prometheus, "alerts.yml"));
        var alerts = AlertName().Matches(rules).Select(m => m.Groups[1].Value).ToList();
        // The issue's list: error rate, p95 latency, queue age, no worker claiming, disk low.
        Assert.Superset(new HashSet<string> { "HighErrorRate", "HighLatencyP95", "JobQueueAgeHigh", "NoWorkerClaiming", "DiskLow" }, alerts.ToHashSet());
        // And each has a unit test.
        var tests = await File.ReadAllTextAsync(Path.Combine(Prometheus, "alerts.test.yml"));
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}", tests, StringComparison.Ordinal));
    }

    [Fact]
    public void The_dashboard_charts_every_listed_metric()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "grafana", "app-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        string[] metrics =
        [
            "http_server_request_duration_seconds", "app_jobs_queue_depth", "app_jobs_queue_oldest_age_seconds", "app_jobs_finished_total",
            "app_inference_run_duration_seconds", "gen_ai_client_operation_duration_seconds", "app_rag_retrieval_duration_seconds",
            "app_gateway_rate_limit_rejections_total", "app_webhooks_attempts_total", "app_storage_disk_free_ratio",
        ];
        Assert.All(metrics, metric => Assert.Contains(expressions, e => e.Contains(metric, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_publish_manifest_holds_every_service_and_the_database_and_cache_as_containers()
    {
        var output = Directory.CreateTempSubdirectory("app-manifest-");
        try
        {
            var path = Path.Combine(output.FullName, "aspire-manifest.json");
            var (exit, log) = await CommandLine.RunAsync(
                CommandLine.Dotnet, [AppHostProcess.TargetPath, "--publisher", "manifest", "--output-path", path], output.FullName);
            Assert.True(exit == 0, log);

            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            var resources = manifest.RootElement.GetProperty("resources");
            foreach (var service in new[] { "api", "worker", "rag", "gateway" })
            {
                Assert.StartsWith("project.", resources.GetProperty(service).GetProperty("type").GetString(), StringComparison.Ordinal);
            }

            var postgres = resources.GetProperty("postgres");
            Assert.Equal("container.v0", postgres.GetProperty("type").GetString());
            Assert.StartsWith("docker.io/library/postgres:", postgres.GetProperty("image").GetString(), StringComparison.Ordinal);
            var cache = resources.GetProperty("cache");
            Assert.Equal("container.v0", cache.GetProperty("type").GetString());
            Assert.StartsWith("docker.io/library/redis:", cache.GetProperty("image").GetString(), StringComparison.Ordinal);
            // Rate limits and key revocations (gateway, api); job wake-ups and changes (api, rag, worker).
            foreach (var service in new[] { "gateway", "api", "rag", "worker" })
            {
                Assert.Equal("{cache.connectionString}", resources.GetProperty(service).GetProperty("env").GetProperty("ConnectionStrings__cache").GetString());
            }
            // Only the gateway's public endpoint is external; its metrics endpoint is not.
            var gateway = resources.GetProperty("gateway").GetProperty("bindings");
            Assert.True(gateway.GetProperty("http").GetProperty("external").GetBoolean());
            Assert.False(gateway.GetProperty("metrics").TryGetProperty("external", out var external) && external.GetBoolean());
            Assert.False(resources.GetProperty("api").GetProperty("bindings").GetProperty("http").TryGetProperty("external", out var apiExternal) && apiExternal.GetBoolean());
            // No secret value is written into the manifest: the database password is a parameter.
            Assert.Equal("parameter.v0", resources.GetProperty("postgres-password").GetProperty("type").GetString());
            // Blobs: a storage account's connection string the deployer supplies (no local path, no emulator), handed to every service.
            var blobs = resources.GetProperty("blobs");
            Assert.Equal("parameter.v0", blobs.GetProperty("type").GetString());
            Assert.Equal("{blobs.value}", blobs.GetProperty("connectionString").GetString());
            Assert.True(blobs.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
            foreach (var service in new[] { "api", "worker", "rag", "gateway" })
            {
                Assert.Equal("{blobs.connectionString}", resources.GetProperty(service).GetProperty("env").GetProperty("ConnectionStrings__blobs").GetString());
                Assert.Equal("1", resources.GetProperty(service).GetProperty("env").GetProperty("DOTNET_TieredPGO").GetString());
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"- alert: (\w+)")]
    private static partial Regex AlertName();
}
