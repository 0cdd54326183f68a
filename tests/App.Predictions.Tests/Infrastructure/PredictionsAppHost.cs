using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using App.Testing;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>
/// The whole app as real processes, tuned so that failures and retries happen within a test's patience: short worker
/// leases, a fast reaper, one-second backoffs, and webhooks allowed to reach a receiver on loopback.
/// </summary>
public class PredictionsAppHost : AppHostFixture
{
    public const string AdminKey = "sk_predtest_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    public const string WebhookSecret = "predictions-test-webhook-secret";

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["APP_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
        ["Webhooks__SigningSecret"] = WebhookSecret,
        ["Webhooks__AllowPrivateTargets"] = "true",
        ["Webhooks__BackoffBase"] = "00:00:01",
        ["Worker__LeaseDuration"] = "00:00:06",
        ["Jobs__MaintenanceInterval"] = "00:00:01",
        ["Jobs__BackoffBase"] = "00:00:01",
        ["Predictions__MaxDurationSeconds"] = "1500",

        // The tests poll job status; rate limits have their own tests in App.Identity.Tests.
        ["Identity__RateLimits__Policies__uploads__Limits__free"] = "100000",
        ["Identity__RateLimits__Policies__reads__Limits__free"] = "100000",
    };

    public string BlobDirectory => Path.Combine(DataDirectory, "blobs");

    /// <summary>A new tenant with a key holding the predictions scope, as a client of the gateway.</summary>
    public async Task<HttpClient> NewTenantClientAsync(string name)
    {
        using var admin = Client(AdminKey);
        var tenant = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/tenants", new { name = $"{name}-{Guid.NewGuid():N}" }));
        var key = await ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new
        {
            name = $"{name} predictions",
            scopes = new[] { "predictions" },
            tenantId = tenant.GetProperty("id").GetGuid(),
        }));
        return Client(key.GetProperty("secret").GetString()!);
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
