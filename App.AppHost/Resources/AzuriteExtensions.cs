using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace App.AppHost.Resources;

/// <summary>
/// Distributed mode's blobs. In run mode: Azurite's blob service from npm (<c>tools/azurite</c>, installed by
/// <c>scripts/install-deps.sh</c>) as an executable resource, its data under <c>&lt;data-dir&gt;/azurite</c>, healthy once it
/// answers HTTP. It runs through <c>tools/azurite/launch.js</c>, which turns SIGTERM into an exit within 2 s: Azurite alone
/// closes its server on SIGTERM but its process lingers, and DCP's stop would leave it behind.
/// In publish mode: a connection-string parameter <c>blobs</c> rather than an Azurite container, because production
/// needs a real storage account whose connection string the deployer supplies (azd asks for it).
/// </summary>
public static class AzuriteExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddAzuriteBlobs(
        this IDistributedApplicationBuilder builder, string name, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddConnectionString(name);
        }

        var tools = FindAzurite();
        var node = FindOnPath("node") ?? throw new DistributedApplicationException(
            $"{AppHostOptions.DistributedSwitch} runs Azurite (blobs) on Node.js, and no `node` is on PATH. Install it: apt-get install nodejs npm, then scripts/install-deps.sh");
        var location = Path.Combine(options.DataDirectory, "azurite");
        Directory.CreateDirectory(location);
        var port = LoopbackPorts.Free();
        var resource = new AzuriteResource(name, node, tools);
        var healthCheck = $"{name}-answers-http";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new AzuriteHealthCheck(port), failureStatus: null, tags: null));

        return builder.AddResource(resource)
            .WithArgs(Path.Combine(tools, "launch.js"), "--blobHost", "127.0.0.1", "--blobPort", $"{port}", "--location", location,
                // The SDK speaks a newer service version than Azurite 3.37 knows; the calls we make are the same.
                "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--silent")
            .WithEndpoint(port: port, targetPort: port, scheme: "http", name: AzuriteResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    /// <summary><c>ConnectionStrings__blobs</c> for a service, which waits for Azurite when Azurite runs here.</summary>
    public static IResourceBuilder<ProjectResource> WithBlobs(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> blobs)
    {
        service = service.WithReference(blobs);
        return blobs.Resource is AzuriteResource ? service.WaitFor(blobs) : service;
    }

    /// <summary><c>tools/azurite</c> of the repository, found upwards from the AppHost's output, with Azurite installed in it.</summary>
    private static string FindAzurite()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var tools = Path.Combine(folder.FullName, "tools", "azurite");
            if (File.Exists(Path.Combine(tools, "package.json")))
            {
                return File.Exists(Path.Combine(tools, "node_modules", "azurite", "dist", "src", "blob", "main.js"))
                    ? tools
                    : throw new DistributedApplicationException(
                        $"{AppHostOptions.DistributedSwitch} runs Azurite for blobs, and it is not installed in {tools}. " +
                        "Run scripts/install-deps.sh (or: cd tools/azurite && npm ci).");
            }
        }

        throw new DistributedApplicationException(
            $"{AppHostOptions.DistributedSwitch} runs Azurite for blobs from the repository's tools/azurite, which was not found above {AppContext.BaseDirectory}.");
    }

    private static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, file))
            .FirstOrDefault(File.Exists);

    /// <summary>Healthy once Azurite answers HTTP at all (an anonymous request gets 403 or 400: that is an answer).</summary>
    private sealed class AzuriteHealthCheck(int port) : IHealthCheck
    {
        private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{port}/{AzuriteResource.AccountName}?comp=list"), cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HealthCheckResult.Unhealthy("Azurite does not answer yet.", e);
            }
        }
    }
}
