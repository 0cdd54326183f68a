using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace App.Testing;

/// <summary>
/// A real Prometheus (Debian's package) on a free loopback port, run with the repository's deploy/prometheus config
/// (copied next to a data folder of its own, scraping every second) against the given targets.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private PrometheusServer(Process process, DirectoryInfo folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    /// <param name="configFolder">deploy/prometheus as committed (prometheus.yml, alerts.yml).</param>
    /// <param name="targets">job label (api, worker, ...) to host:port.</param>
    public static async Task<PrometheusServer> StartAsync(string configFolder, IReadOnlyDictionary<string, string> targets)
    {
        var folder = Directory.CreateTempSubdirectory("app-prometheus-");
        foreach (var file in Directory.GetFiles(configFolder))
        {
            File.Copy(file, Path.Combine(folder.FullName, Path.GetFileName(file)));
        }

        // The committed config, but scraped and evaluated every second rather than every 15 s.
        var configPath = Path.Combine(folder.FullName, "prometheus.yml");
        var config = await File.ReadAllTextAsync(configPath);
        await File.WriteAllTextAsync(configPath, config.Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", "evaluation_interval: 1s", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(folder.FullName, "targets"));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "targets", "test.json"), JsonSerializer.Serialize(
            targets.Select(t => new { targets = new[] { t.Value }, labels = new Dictionary<string, string> { ["job"] = t.Key } })));

        var port = FreePort.Loopback();
        var process = ChildProcess.StartServer("prometheus",
        [
            $"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ]);
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        await Eventually.UntilAsync(
            async () => { try { return (await server.Http.GetAsync(new Uri(server.Address, "/-/ready"))).IsSuccessStatusCode; } catch (HttpRequestException) { return false; } },
            ready => ready, TimeSpan.FromSeconds(30), _ => "Prometheus did not become ready");
        return server;
    }

    /// <summary>An instant query through the HTTP API: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        var response = await Http.GetFromJsonAsync<JsonElement>(new Uri(Address, $"/api/v1/query?query={Uri.EscapeDataString(query)}"));
        return response.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (
                (IReadOnlyDictionary<string, string>)r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
        Http.Dispose();
        _folder.Delete(recursive: true);
    }
}
