using System.Diagnostics;
using System.Net.Sockets;

namespace App.Testing;

/// <summary>
/// A real Redis (Debian's redis-server) on a loopback port, memory only, for one test: stop it to see what happens
/// when Redis goes away, start another on the same port to see recovery.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration: this server, failing fast rather than waiting when it is gone.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000";

    public static async Task<RedisServer> StartAsync(int? port = null)
    {
        var chosen = port ?? FreePort.Loopback();
        var process = ChildProcess.StartServer("redis-server", ["--port", $"{chosen}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await Eventually.UntilAsync(() => AnswersAsync(chosen), up => up, TimeSpan.FromSeconds(20), _ => $"redis-server did not answer on {chosen}");
        return new RedisServer(process, chosen);
    }

    /// <summary>Stops the server as a crash would (SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            await client.GetStream().WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[8];
            return await client.GetStream().ReadAsync(buffer) > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
