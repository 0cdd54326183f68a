using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using App.Identity;
using App.Identity.Admin;
using Xunit;

namespace App.Testing;

/// <summary>Clients of the gateway, and tenants and keys made through the admin API with the bootstrap admin key.</summary>
public partial class AppHostFixture
{
    /// <summary>A client of the gateway, optionally with an API key (X-Api-Key) and from a given loopback address.</summary>
    public HttpClient Client(string? apiKey = null, IPAddress? from = null) => ClientOf(Gateway, apiKey, from);

    /// <summary>
    /// A client of any address (a service bypassing the gateway, a gateway started otherwise); with <paramref name="from"/>
    /// its connections leave from that local address (127.x.y.z: the gateway counts some limits per client IP).
    /// </summary>
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

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>A new tenant, made by the platform admin; its name is <paramref name="name"/> made unique.</summary>
    public async Task<TenantSummary> CreateTenantAsync(string name, string plan = Plans.Free)
    {
        using var platform = Client(AdminKey);
        return await ReadAsync<TenantSummary>(
            await platform.PostAsJsonAsync("/api/v1/admin/tenants", new CreateTenantRequest($"{name}-{Guid.NewGuid():N}", plan)));
    }

    /// <summary>A key of <paramref name="tenantId"/>, made by the platform admin; its secret is shown only in this answer.</summary>
    public async Task<CreatedApiKey> CreateApiKeyAsync(Guid tenantId, params string[] scopes)
    {
        using var platform = Client(AdminKey);
        return await ReadAsync<CreatedApiKey>(await platform.PostAsJsonAsync("/api/v1/admin/api-keys",
            new CreateApiKeyRequest($"{string.Join('-', scopes)}-{Guid.NewGuid():N}", scopes, TenantId: tenantId)));
    }

    /// <summary>
    /// The body of a successful answer as <typeparamref name="T"/> (a JsonElement where the API has no record the tests
    /// can reference); fails with the status, request and body otherwise. Disposes the response.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode,
                $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
            return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)
                ?? throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} answered null.");
        }
    }
}
