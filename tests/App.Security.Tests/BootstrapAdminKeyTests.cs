using System.Net;
using App.Testing;

namespace App.Security.Tests;

/// <summary>
/// A data directory's first start without APP_BOOTSTRAP_ADMIN_KEY: the AppHost generates the internal signing key (0600)
/// and an admin key, prints the admin key once, and a later start on the same directory prints nothing and changes nothing.
/// </summary>
public sealed class BootstrapAdminKeyTests : IDisposable
{
    private const string AnnouncementPrefix = "Admin API key (shown once): ";
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(120);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("app-bootstrap-").FullName;

    [Fact]
    public async Task The_first_start_prints_a_working_admin_key_once_and_later_starts_never_again()
    {
        var (firstKey, firstOutput) = await RunAsync(async (gateway, output) =>
        {
            var key = output.Single(l => l.StartsWith(AnnouncementPrefix, StringComparison.Ordinal))[AnnouncementPrefix.Length..];
            Assert.Equal(HttpStatusCode.OK, await AdminCallAsync(gateway, key));
            return key;
        });
        var signingKey = Path.Combine(_dataDirectory, "secrets", "internal-signing.key");
        var signingKeyMode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(signingKey);
        var signingKeyText = await File.ReadAllTextAsync(signingKey);

        var (stillWorks, secondOutput) = await RunAsync((gateway, _) => AdminCallAsync(gateway, firstKey));

        Assert.Matches("^sk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$", firstKey);
        Assert.Single(firstOutput, l => l.Contains("Admin API key", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, signingKeyMode);
        Assert.True(signingKeyText.Trim().Length >= 32);
        Assert.DoesNotContain(secondOutput, l => l.Contains("Admin API key", StringComparison.Ordinal) || l.Contains(firstKey, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, stillWorks);
        Assert.Equal(signingKeyText, await File.ReadAllTextAsync(signingKey));
    }

    [Fact]
    public async Task A_malformed_configured_key_stops_the_apphost_at_once_naming_the_setting()
    {
        var environment = new Dictionary<string, string> { ["APP_BOOTSTRAP_ADMIN_KEY"] = "not-a-key" };
        await using var host = AppHostProcess.Start(_dataDirectory, environment,
            "--gateway-port", $"{FreePort.Loopback()}", "--data-dir", _dataDirectory);

        await host.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.Process.ExitCode);
        Assert.Contains("APP_BOOTSTRAP_ADMIN_KEY is not an API key", host.OutputTail(int.MaxValue), StringComparison.Ordinal);
        Assert.Equal(0, host.GatewayLineCount);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private async Task<(T Result, IReadOnlyList<string> Output)> RunAsync<T>(Func<Uri, IReadOnlyList<string>, Task<T>> act)
    {
        // Set but empty: a key in the test runner's own environment must not make this a configured-key start.
        var environment = new Dictionary<string, string> { ["APP_BOOTSTRAP_ADMIN_KEY"] = "" };
        await using var host = AppHostProcess.Start(_dataDirectory, environment,
            "--gateway-port", $"{FreePort.Loopback()}", "--data-dir", _dataDirectory);
        var gateway = await host.WaitUntilReadyAsync(ReadyLimit);
        // The key is printed right after the Gateway line, in the same step; give that line (or, on a later start, a
        // key wrongly printed again) time to be read before looking.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var output = host.OutputTail(int.MaxValue).Split('\n');
        return (await act(gateway, output), output);
    }

    private static async Task<HttpStatusCode> AdminCallAsync(Uri gateway, string key)
    {
        using var client = AppHostFixture.ClientOf(gateway, key);
        using var response = await client.GetAsync("/api/v1/admin/api-keys");
        return response.StatusCode;
    }
}
