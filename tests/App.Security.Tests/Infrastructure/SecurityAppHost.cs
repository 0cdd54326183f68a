using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using App.Identity.Keys;
using App.Testing;

namespace App.Security.Tests.Infrastructure;

/// <summary>
/// The whole system as real processes, started once for every security test, with a known bootstrap admin key and an
/// external token issuer whose signing key the tests hold (symmetric, as Identity:Jwt:SymmetricKey allows).
/// </summary>
public sealed class SecurityAppHost : AppHostFixture
{
    public const string JwtIssuer = "https://issuer.security-tests.example";
    public const string JwtAudience = "app-security-tests";

    private static int _nextAddress;

    public static string AdminKey { get; } = ApiKeyFormat.Generate(out _);

    public static byte[] JwtSigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    protected override IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["APP_BOOTSTRAP_ADMIN_KEY"] = AdminKey,
        ["Identity__Jwt__Issuer"] = JwtIssuer,
        ["Identity__Jwt__Audience"] = JwtAudience,
        ["Identity__Jwt__SymmetricKey"] = Convert.ToBase64String(JwtSigningKey),
    };

    public string DatabasePath => Path.Combine(DataDirectory, "app.db");

    /// <summary>The secret the AppHost generated for gateway-to-service tokens (what only the gateway should sign with).</summary>
    public string InternalSigningKey => File.ReadAllText(Path.Combine(DataDirectory, "secrets", "internal-signing.key")).Trim();

    /// <summary>
    /// A loopback address of its own (127.0.1.x): the gateway counts limits per client IP, so a test that exhausts a limit
    /// does it from an address no other test uses.
    /// </summary>
    public static IPAddress NewClientAddress() => new([127, 0, 1, (byte)(Interlocked.Increment(ref _nextAddress) % 250 + 2)]);

    /// <summary>A client of the gateway, optionally with an API key and from a given loopback address.</summary>
    public HttpClient Client(string? apiKey = null, IPAddress? from = null) => ClientOf(Gateway, apiKey, from);

    public static HttpClient ClientOf(Uri baseAddress, string? apiKey = null, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }


    /// <summary>A new tenant (created by the platform admin) and a key of its own with the admin scope.</summary>
    public async Task<TestTenant> NewTenantAsync(string name, string plan = "free")
    {
        using var platform = Client(AdminKey);
        var tenant = await ReadJsonAsync(await platform.PostAsJsonAsync("/api/v1/admin/tenants", new { name = $"{name}-{Guid.NewGuid():N}", plan }));
        var id = tenant.GetProperty("id").GetGuid();
        var (keyId, secret) = await NewKeyAsync(id, "admin", "predictions", "documents");
        return new TestTenant(id, secret, keyId);
    }

    /// <summary>A key of <paramref name="tenantId"/>, created by the platform admin; its secret is shown only in this response.</summary>
    public async Task<(Guid Id, string Secret)> NewKeyAsync(Guid tenantId, params string[] scopes)
    {
        using var platform = Client(AdminKey);
        var created = await ReadJsonAsync(await platform.PostAsJsonAsync("/api/v1/admin/api-keys",
            new { name = $"key-{Guid.NewGuid():N}", scopes, tenantId }));
        return (created.GetProperty("key").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}

/// <summary>A tenant made for one test, with an admin key of its own.</summary>
public sealed record TestTenant(Guid Id, string AdminKey, Guid AdminKeyId);

/// <summary>Every security test shares one running system; its start-up dominates, and the tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityAppHost>
{
    public const string Name = "security";
}
