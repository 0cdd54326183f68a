using System.Diagnostics;
using Xunit;

namespace App.Testing;

/// <summary>
/// A real Azurite blob service (the Azure Storage emulator, tools/azurite from npm) on a free loopback port with a data
/// folder of its own, run through tools/azurite/launch.js as the AppHost runs it. Use as an xunit class fixture.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("app-azurite-");
    private Process? _process;

    public int Port { get; } = FreePort.Loopback();

    /// <summary>An Azure Storage connection string for the emulator's well-known (public) development account.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public async Task InitializeAsync()
    {
        var tools = FindTools();
        _process = ChildProcess.StartServer("node",
        [
            Path.Combine(tools, "launch.js"), "--blobHost", "127.0.0.1", "--blobPort", $"{Port}", "--location", _folder.FullName,
            "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--silent",
        ],
        info =>
        {
            // stdin closes when this test host dies, however it dies: Azurite then stops too.
            info.RedirectStandardInput = true;
            info.Environment["AZURITE_EXIT_WITH_STDIN"] = "1";
        });
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
        await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    using var _ = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/{AccountName}?comp=list"));
                    return true;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return _process.HasExited ? throw new InvalidOperationException($"Azurite exited with {_process.ExitCode}.") : false;
                }
            },
            ready => ready, TimeSpan.FromSeconds(30), _ => "Azurite did not answer within 30 s");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await ChildProcess.StopAsync(_process, TimeSpan.FromSeconds(5));
            _process.Dispose();
        }

        _folder.Delete(recursive: true);
    }

    private static string FindTools()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var tools = Path.Combine(folder.FullName, "tools", "azurite");
            if (File.Exists(Path.Combine(tools, "package.json")))
            {
                return File.Exists(Path.Combine(tools, "node_modules", "azurite", "dist", "src", "blob", "main.js"))
                    ? tools
                    : throw new InvalidOperationException($"Azurite is not installed in {tools}: run scripts/install-deps.sh (or npm ci there).");
            }
        }

        throw new InvalidOperationException($"tools/azurite not found above {AppContext.BaseDirectory}.");
    }
}
