using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using App.AppHost.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace App.AppHost.Resources;

/// <summary>
/// Distributed mode's database. In run mode: the Debian server binaries as an executable resource, its cluster under
/// <c>&lt;data-dir&gt;/postgres</c> (initdb on first use), run as the <c>postgres</c> user when the AppHost is root
/// (PostgreSQL refuses root), healthy once it answers a query. In publish mode: Aspire's PostgreSQL container.
/// </summary>
public static class PostgresServerExtensions
{
    private const string ServerBinaryRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    public static IResourceBuilder<IResourceWithConnectionString> AddPostgresDatabase(
        this IDistributedApplicationBuilder builder, string serverName, string databaseName, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPostgres(serverName).AddDatabase(databaseName);
        }

        var bin = FindServerBinaries();
        var secrets = Path.Combine(options.DataDirectory, IdentitySecrets.SecretsFolder);
        var passwordValue = SecretFile.ReadOrCreate(Path.Combine(secrets, "postgres.password"), () => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        var password = builder.AddParameter($"{serverName}-password", () => passwordValue, secret: true);

        var cluster = Path.Combine(options.DataDirectory, serverName);
        var asRoot = Environment.UserName == "root";
        InitializeCluster(bin, cluster, databaseName, passwordValue, asRoot);

        WaitForPreviousServer(cluster);
        var port = LoopbackPorts.Free();
        var postgres = Path.Combine(bin, "postgres");
        var resource = new PostgresServerResource(serverName, asRoot ? "setpriv" : postgres, cluster, password.Resource, databaseName);
        var healthCheck = $"{serverName}-accepts-queries";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck,
            _ => new PostgresHealthCheck(resource), failureStatus: null, tags: null));

        string[] serverArguments =
        [
            "-D", cluster, "-p", $"{port}",
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300",
        ];
        return builder.AddResource(resource)
            .WithArgs(asRoot ? [.. AsServiceUser, postgres, .. serverArguments] : serverArguments)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: PostgresServerResource.EndpointName, isProxied: false)
            .WithHealthCheck(healthCheck)
            .ExcludeFromManifest();
    }

    private static readonly string[] AsServiceUser = [$"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--"];

    private static string FindServerBinaries() =>
        (Directory.Exists(ServerBinaryRoot) ? Directory.GetDirectories(ServerBinaryRoot) : [])
            .Select(d => Path.Combine(d, "bin"))
            .OrderDescending()
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
        ?? throw new DistributedApplicationException(
            $"{AppHostOptions.DistributedSwitch} runs PostgreSQL from the machine's server binaries, and none were found under " +
            $"{ServerBinaryRoot}/<version>/bin. Install the Debian package: apt-get install postgresql-15");

    /// <summary>initdb once (password auth on loopback, the password from <c>.data/secrets</c>), then the application database in single-user mode.</summary>
    private static void InitializeCluster(string bin, string cluster, string database, string password, bool asRoot)
    {
        if (File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            return;
        }

        var parent = Path.GetDirectoryName(cluster)!;
        Directory.CreateDirectory(parent);
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // The server's user must reach its cluster: let others traverse (not list) the data directory.
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
        }

        var staging = $"{cluster}.init";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var passwordFile = Path.Combine(parent, $".{Path.GetFileName(cluster)}.pw");
        File.WriteAllText(passwordFile, password);
        try
        {
            if (asRoot)
            {
                Run("chown", ["-R", $"{ServiceUser}:{ServiceUser}", staging, passwordFile], asRoot: false);
            }

            Run(Path.Combine(bin, "initdb"),
                ["-D", staging, "-U", "postgres", "-E", "UTF8", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}"],
                asRoot);
            Run(Path.Combine(bin, "postgres"), ["--single", "-D", staging, "postgres"], asRoot, stdin: $"CREATE DATABASE \"{database}\";\n");
        }
        finally
        {
            File.Delete(passwordFile);
        }

        // Only a complete cluster takes the final name, so an interrupted first start is simply redone.
        Directory.Move(staging, cluster);
    }

    /// <summary>
    /// A server of the previous run may still be shutting down (it waits for its clients); a second one on the same
    /// cluster would exit at once and leave every service waiting. Give it 30 s, then stop with the reason.
    /// </summary>
    private static void WaitForPreviousServer(string cluster)
    {
        var pidFile = Path.Combine(cluster, "postmaster.pid");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (File.Exists(pidFile)
               && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
               && Directory.Exists($"/proc/{pid}"))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new DistributedApplicationException(
                    $"PostgreSQL of an earlier run (pid {pid}) still runs on {cluster}; stop it (kill {pid}) and start again.");
            }

            Thread.Sleep(250);
        }
    }

    private static void Run(string file, string[] arguments, bool asRoot, string? stdin = null)
    {
        var info = asRoot ? new ProcessStartInfo("setpriv", [.. AsServiceUser, file, .. arguments]) : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        }
    }

    /// <summary>Healthy once the server answers <c>SELECT 1</c> in the application database.</summary>
    private sealed class PostgresHealthCheck(PostgresServerResource server) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer yet.", e);
            }
        }
    }
}
