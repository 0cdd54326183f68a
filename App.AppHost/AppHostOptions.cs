using Microsoft.Extensions.Configuration;

namespace App.AppHost;

/// <summary>
/// The AppHost's own options: <c>--gateway-port N</c> (default 8080), <c>--data-dir PATH</c> (default <c>.data</c> at the
/// repository root), <c>--distributed</c> (PostgreSQL instead of the SQLite file) and <c>--api-replicas N</c> (default 1:
/// that many api processes behind the gateway).
/// </summary>
public sealed record AppHostOptions(int GatewayPort, string DataDirectory, bool Distributed, int ApiReplicas = 1)
{
    public const string DistributedSwitch = "--distributed";
    public const int MaxApiReplicas = 8;

    /// <summary>Reads the options; <c>--distributed</c> is a bare switch, so it is taken out of the arguments Aspire parses.</summary>
    public static (AppHostOptions Options, string[] AspireArguments) Parse(string[] args)
    {
        var distributed = args.Contains(DistributedSwitch, StringComparer.Ordinal);
        var rest = args.Where(a => a != DistributedSwitch).ToArray();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables("APP_").AddCommandLine(rest).Build();

        var portText = configuration["gateway-port"] ?? "8080";
        if (!int.TryParse(portText, out var port) || port is < 0 or > 65535)
        {
            throw new ArgumentException($"--gateway-port must be a TCP port (0-65535); got '{portText}'.");
        }

        var replicasText = configuration["api-replicas"] ?? "1";
        if (!int.TryParse(replicasText, out var replicas) || replicas is < 1 or > MaxApiReplicas)
        {
            throw new ArgumentException($"--api-replicas must be a whole number from 1 to {MaxApiReplicas}; got '{replicasText}'.");
        }

        // `dotnet run --project App.AppHost` from anywhere keeps its data beside the code, at the repository root.
        var dataDirectory = configuration["data-dir"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, RepositoryRootFromOutput, ".data"));

        return (new AppHostOptions(port, dataDirectory, distributed || configuration.GetValue("distributed", false), replicas), rest);
    }

    /// <summary>The api replicas' resource names: <c>api</c>, then <c>api-2</c>, <c>api-3</c>, ...</summary>
    public IReadOnlyList<string> ApiResourceNames =>
        [.. Enumerable.Range(1, ApiReplicas).Select(n => n == 1 ? "api" : $"api-{n}")];

    // bin/<configuration>/<tfm>/ under App.AppHost.
    private const string RepositoryRootFromOutput = "../../../..";
}
