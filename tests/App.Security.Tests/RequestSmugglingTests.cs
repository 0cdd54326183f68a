using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using App.Identity.Admin;
using App.Security.Tests.Infrastructure;
using App.Testing;

namespace App.Security.Tests;

/// <summary>Requests whose framing two servers could read differently are refused at the gateway, before any service.</summary>
[Collection(SecurityCollection.Name)]
public sealed class RequestSmugglingTests(SecurityAppHost app)
{
    [Fact]
    public async Task Two_different_content_lengths_are_400_at_the_gateway_and_nothing_reaches_the_api()
    {
        var smuggled = $"smuggled-{Guid.NewGuid():N}";
        var control = $"control-{Guid.NewGuid():N}";

        var refused = await SendRawAsync(CreateTenant(smuggled, extraContentLength: 5));
        // The same request framed once: what shows that the one above would have created a tenant had it passed.
        var accepted = await SendRawAsync(CreateTenant(control, extraContentLength: null));

        Assert.StartsWith("HTTP/1.1 400 ", refused, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 201 ", accepted, StringComparison.Ordinal);
        using var admin = app.Client(app.AdminKey);
        var tenants = await admin.GetFromJsonAsync<List<TenantSummary>>("/api/v1/admin/tenants");
        Assert.Contains(tenants!, t => t.Name == control);
        Assert.DoesNotContain(tenants!, t => t.Name == smuggled);
    }

    /// <summary>A request creating a tenant as the platform admin, with a second, different Content-Length if asked.</summary>
    private string CreateTenant(string name, int? extraContentLength)
    {
        var body = $$"""{"name":"{{name}}","plan":"free"}""";
        var length = Encoding.UTF8.GetByteCount(body);
        var headers = new StringBuilder()
            .Append("POST /api/v1/admin/tenants HTTP/1.1\r\n")
            .Append(FormattableString.Invariant($"Host: localhost:{app.GatewayPort}\r\n"))
            .Append(FormattableString.Invariant($"X-Api-Key: {app.AdminKey}\r\n"))
            .Append("Content-Type: application/json\r\n")
            .Append(FormattableString.Invariant($"Content-Length: {length}\r\n"));
        if (extraContentLength is { } extra)
        {
            headers.Append(FormattableString.Invariant($"Content-Length: {extra}\r\n"));
        }

        return headers.Append("Connection: close\r\n\r\n").Append(body).ToString();
    }

    /// <summary>Sends <paramref name="request"/> as it is and returns everything the gateway answers until it closes.</summary>
    private async Task<string> SendRawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, app.GatewayPort);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(limit.Token);
    }
}
