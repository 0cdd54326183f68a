using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>GET {url}/health, the readiness endpoint every service maps through ServiceDefaults.</summary>
public sealed class HealthProbe(HttpClient http)
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<ProbeResult> CheckAsync(string baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{baseUrl}/health", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? ProbeResult.Healthy : ProbeResult.Unhealthy;
        }
        catch (HttpRequestException)
        {
            return ProbeResult.Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unreachable;
        }
    }
}
