using Microsoft.Extensions.Configuration;

namespace App.AppHost;

/// <summary>
/// The AppHost's own options: <c>--gateway-port N</c> (default 8080), <c>--data-dir PATH</c> (default <c>.data</c> at the
/// repository root) and <c>--distributed</c> (PostgreSQL instead of the SQLite file).
/// </summary>
public sealed record AppHostOptions(int GatewayPort, string DataDirectory, bool Distributed)
{
    public const string DistributedSwitch = "--distributed";

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

        // `dotnet run --project App.AppHost` from anywhere keeps its data beside the code, at the repository root.
        var dataDirectory = configuration["data-dir"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, RepositoryRootFromOutput, ".data"));

        return (new AppHostOptions(port, dataDirectory, distributed || configuration.GetValue("distributed", false)), rest);
    }

    // bin/<configuration>/<tfm>/ under App.AppHost.
    private const string RepositoryRootFromOutput = "../../../..";
}
