using System.Net.Http.Headers;
using App.Identity;
using App.Testing;

namespace App.Extractions.Tests.Infrastructure;

/// <summary>
/// The whole app as real processes with the OpenAI-compatible stand-in as its chat model (ConnectionStrings:chat),
/// answering as <see cref="ScriptedModel"/> says. Model calls time out after 3 s, jobs have two attempts a second apart.
/// </summary>
public sealed class ExtractionsAppHost : AppHostFixture, IAsyncLifetime
{
    public const long MaxUploadBytes = 256 * 1024;
    public const int MaxAttempts = 2;
    public const int MaxPageTokens = 300;
    private Dictionary<string, string> _environment = [];

    public OpenAICompatibleServer Model { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string> Environment => _environment;

    public new async Task InitializeAsync()
    {
        Model = await OpenAICompatibleServer.StartAsync();
        Model.Answer = ScriptedModel.Answer;
        _environment = new Dictionary<string, string>(ExtractionSettings.Common)
        {
            ["ConnectionStrings__chat"] = $"Endpoint={Model.Endpoint};Key=test-key;Model=test-model",
        };
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }

    /// <summary>A new tenant with a key holding the extractions scope, as a client of the gateway.</summary>
    public async Task<HttpClient> NewTenantClientAsync(string name, params string[] scopes)
    {
        var tenant = await CreateTenantAsync(name);
        var key = await CreateApiKeyAsync(tenant.Id, scopes.Length > 0 ? scopes : [ApiKeyScopes.Extractions]);
        var client = Client(key.Secret);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>How many calls the stand-in got whose page text holds <paramref name="marker"/> (failed ones included).</summary>
    public int CallsFor(string marker) => Model.ChatRequests.Count(r => r["messages"]!.AsArray()
        .Any(m => (string?)m!["role"] == "user" && m["content"]!.ToString().Contains(marker, StringComparison.Ordinal)));
}

/// <summary>Settings every extraction test host shares.</summary>
public static class ExtractionSettings
{
    public static readonly IReadOnlyDictionary<string, string> Common = new Dictionary<string, string>
    {
        ["Extractions__ModelCallTimeout"] = "00:00:03",
        ["Extractions__MaxAttempts"] = $"{ExtractionsAppHost.MaxAttempts}",
        ["Extractions__MaxPageTokens"] = $"{ExtractionsAppHost.MaxPageTokens}",
        ["Extractions__MaxUploadBytes"] = $"{ExtractionsAppHost.MaxUploadBytes}",
        ["Jobs__BackoffBase"] = "00:00:01",
        ["Webhooks__SigningSecret"] = "extractions-test-webhook-secret",
        ["Webhooks__AllowPrivateTargets"] = "true",
        ["Jobs__MaintenanceInterval"] = "00:00:01",
        // The tests poll; rate limits have their own tests in App.Identity.Tests.
        ["Identity__RateLimits__Policies__uploads__Limits__free"] = "100000",
        ["Identity__RateLimits__Policies__reads__Limits__free"] = "100000",
    };
}

[CollectionDefinition(Name)]
public sealed class ExtractionsCollection : ICollectionFixture<ExtractionsAppHost>
{
    public const string Name = "extractions";
}
