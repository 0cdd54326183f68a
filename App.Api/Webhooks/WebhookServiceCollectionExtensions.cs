using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>The submit-time target check, the signed sender and its HTTP client.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.SectionName));
        builder.Services.AddSingleton<WebhookTargetValidator>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        return builder;
    }

    /// <summary>
    /// No redirects and an address check at connect time: a host that resolved to a public address when the job was
    /// submitted may point somewhere private by the time it is called.
    /// </summary>
    private static SocketsHttpHandler CreateHandler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => options.AllowPrivateTargets || !NetworkRanges.IsPrivate(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"Webhook host '{context.DnsEndPoint.Host}' resolves only to private addresses.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
