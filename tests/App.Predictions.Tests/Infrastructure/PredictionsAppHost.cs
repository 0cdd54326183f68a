using System.Net.Http.Headers;
using App.Identity;
using App.Testing;

namespace App.Predictions.Tests.Infrastructure;

/// <summary>
/// The whole app as real processes, tuned so that failures and retries happen within a test's patience: short worker
/// leases, a fast reaper, one-second backoffs, and webhooks allowed to reach a receiver on loopback.
/// </summary>
public class PredictionsAppHost : AppHostFixture
{
    public const string WebhookSecret = "predictions-test-webhook-secret";

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
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

    /// <summary>A new tenant with a key holding the predictions scope, as a client of the gateway that asks for JSON.</summary>
    public async Task<HttpClient> NewTenantClientAsync(string name)
    {
        var tenant = await CreateTenantAsync(name);
        var key = await CreateApiKeyAsync(tenant.Id, ApiKeyScopes.Predictions);
        var client = Client(key.Secret);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
