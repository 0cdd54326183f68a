using System.Net;
using App.Testing;
using Aspire.Hosting.Testing;

namespace App.SystemTests;

/// <summary>The system with parked jobs (queued, never claimed) and the queue sampled every second.</summary>
public sealed class MonitoredAppHost : AppHostFixture
{
    protected override IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string>(ParkedJobs.Settings) { ["Jobs__MaintenanceInterval"] = "00:00:01" };
}

/// <summary>A real Prometheus with the committed scrape config and rules, scraping the running system.</summary>
public sealed class PrometheusTests(MonitoredAppHost app) : IClassFixture<MonitoredAppHost>
{
    [Fact]
    public async Task Prometheus_scrapes_every_service_and_reads_the_queue_depth_back_through_its_query_api()
    {
        using var client = app.Client(app.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            await ParkedJobs.SubmitAsync(client);
        }

        var gatewayMetrics = app.App.GetEndpoint("gateway", "metrics");
        await using var prometheus = await PrometheusServer.StartAsync(
            Path.Combine(AppContext.BaseDirectory, "deploy", "prometheus"),
            new Dictionary<string, string>
            {
                ["api"] = app.ServiceAddress("api").Authority,
                ["worker"] = app.ServiceAddress("worker").Authority,
                ["rag"] = app.ServiceAddress("rag").Authority,
                ["gateway"] = gatewayMetrics.Authority,
            });

        var up = await Eventually.UntilAsync(
            () => prometheus.QueryAsync("up == 1"),
            series => series.Count == 4,
            TimeSpan.FromSeconds(60),
            series => $"targets up: {string.Join(", ", series?.Select(s => s.Labels["job"]) ?? [])}");
        Assert.Equal(["api", "gateway", "rag", "worker"], up.Select(s => s.Labels["job"]).Order());

        // The three parked jobs, as the worker's maintenance sampled them from the database and Prometheus scraped them.
        var depth = await Eventually.UntilAsync(
            () => prometheus.QueryAsync($"max by (kind) (app_jobs_queue_depth{{kind=\"{ParkedJobs.Model}\"}})"),
            series => series.Count == 1 && series[0].Value == 3,
            TimeSpan.FromSeconds(60),
            series => $"queue depth: {string.Join(", ", series?.Select(s => $"{string.Join(',', s.Labels)}={s.Value}") ?? [])}");
        Assert.Equal(3, depth[0].Value);

        // Request durations by route and status, from the api that took the uploads.
        var requests = await prometheus.QueryAsync(
            "sum by (http_route, http_response_status_code) (http_server_request_duration_seconds_count{job=\"api\"})");
        Assert.True(
            requests.Any(s => s.Labels.GetValueOrDefault("http_route") == "/api/v1/predictions/" && s.Labels["http_response_status_code"] == "202" && s.Value >= 3),
            string.Join("; ", requests.Select(s => $"{string.Join(',', s.Labels)}={s.Value}")));

        // The committed alert rules are loaded, and with a healthy system none fires.
        var rules = await prometheus.Http.GetStringAsync(new Uri(prometheus.Address, "/api/v1/rules"));
        Assert.Contains("NoWorkerClaiming", rules, StringComparison.Ordinal);
        Assert.Empty(await prometheus.QueryAsync("ALERTS{alertstate=\"firing\",alertname!=\"NoWorkerClaiming\"}"));
    }

    [Fact]
    public async Task Metrics_are_served_on_each_service_port_and_never_on_the_gateways_public_one()
    {
        using var direct = await app.Http.GetAsync(new Uri(app.ServiceAddress("api"), "/metrics"));
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var gatewayMetrics = await app.Http.GetAsync(new Uri(app.App.GetEndpoint("gateway", "metrics"), "/metrics"));
        Assert.Equal(HttpStatusCode.OK, gatewayMetrics.StatusCode);

        using var publicPort = await app.Http.GetAsync(new Uri(app.Gateway, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
    }
}
