using Microsoft.Extensions.Configuration;

namespace App.AppHost;

/// <summary>
/// The AppHost's own options: <c>--gateway-port N</c> (default 8080), <c>--data-dir PATH</c> (default <c>.data</c> at the
/// repository root), <c>--distributed</c> (PostgreSQL instead of the SQLite file), <c>--api-replicas N</c> and
/// <c>--worker-replicas N</c> (that many api processes behind the gateway, worker processes on the queue; default 1
/// embedded, 2 distributed, where replicas are the point).
/// </summary>
public sealed record AppHostOptions(int GatewayPort, string DataDirectory, bool Distributed, int ApiReplicas = 1, int WorkerReplicas = 1)
{
    public const string DistributedSwitch = "--distributed";
    public const int MaxReplicas = 8;

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

        distributed = distributed || configuration.GetValue("distributed", false);
        var apiReplicas = Replicas(configuration, "api-replicas", distributed);
        var workerReplicas = Replicas(configuration, "worker-replicas", distributed);

        // `dotnet run --project App.AppHost` from anywhere keeps its data beside the code, at the repository root.
        var dataDirectory = configuration["data-dir"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, RepositoryRootFromOutput, ".data"));

        return (new AppHostOptions(port, dataDirectory, distributed, apiReplicas, workerReplicas), rest);
    }

    /// <summary>The api replicas' resource names: <c>api</c>, then <c>api-2</c>, <c>api-3</c>, ...</summary>
    public IReadOnlyList<string> ApiResourceNames => ReplicaNames("api", ApiReplicas);

    /// <summary>The worker replicas' resource names: <c>worker</c>, then <c>worker-2</c>, ...</summary>
    public IReadOnlyList<string> WorkerResourceNames => ReplicaNames("worker", WorkerReplicas);

    private static string[] ReplicaNames(string service, int count) =>
        [.. Enumerable.Range(1, count).Select(n => n == 1 ? service : $"{service}-{n}")];

    private static int Replicas(IConfiguration configuration, string option, bool distributed)
    {
        var text = configuration[option] ?? (distributed ? "2" : "1");
        return int.TryParse(text, out var replicas) && replicas is >= 1 and <= MaxReplicas
            ? replicas
            : throw new ArgumentException($"--{option} must be a whole number from 1 to {MaxReplicas}; got '{text}'.");
    }

    // bin/<configuration>/<tfm>/ under App.AppHost.
    private const string RepositoryRootFromOutput = "../../../..";
}
