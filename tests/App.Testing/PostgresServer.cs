using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace App.Testing;

/// <summary>
/// A real PostgreSQL server for the tests of one process: initdb into a temporary folder, pg_ctl start on a free loopback
/// port, stopped and deleted when the process exits. Each caller gets a database of its own.
/// PostgreSQL refuses to run as root, so as root the server runs as the "postgres" user that the Debian package creates.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start);
    private readonly string _dataDirectory;
    private readonly string _binDirectory;

    private PostgresServer(string dataDirectory, string binDirectory, int port)
    {
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        Port = port;
    }

    public int Port { get; }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Include Error Detail=true";

    private static PostgresServer Start()
    {
        var bin = FindBinDirectory();
        var data = Path.Combine(Path.GetTempPath(), $"app-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", ["postgres:postgres", data], asRoot: false);
        }

        var port = FreePort.Loopback();
        Run(Path.Combine(bin, "initdb"), ["-D", Path.Combine(data, "db"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], asRoot);
        Run(Path.Combine(bin, "pg_ctl"),
        [
            "-D", Path.Combine(data, "db"), "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        ], asRoot);

        var server = new PostgresServer(data, bin, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            Run(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_dataDirectory, "db"), "-m", "immediate", "-w", "stop"], asRoot);
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
            : Enumerable.Empty<string>();
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql: install the postgresql-15 package (scripts/install-deps.sh does).");
    }

    private static void Run(string file, string[] arguments, bool asRoot)
    {
        var info = asRoot
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output.Result}\n{error}");
        }
    }
}
