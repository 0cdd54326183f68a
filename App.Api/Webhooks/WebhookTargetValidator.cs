using System.Net;
using System.Net.Sockets;
using App.Api.Predictions;
using App.Api.Uploads;
using Microsoft.Extensions.Options;

namespace App.Api.Webhooks;

/// <summary>Checks a webhook URL when it is registered, so a client learns at once (422) that it will never be called.</summary>
public sealed class WebhookTargetValidator(IOptions<WebhookOptions> options)
{
    public async Task<string> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.SigningSecret))
        {
            throw Refused(PredictionErrorCodes.WebhookUrlInvalid, "Webhooks are not configured on this server (Webhooks:SigningSecret).");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.UserInfo) || url.Length > 2048)
        {
            throw Refused(PredictionErrorCodes.WebhookUrlInvalid, "webhookUrl must be an absolute http(s) URL without credentials, at most 2048 characters.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            throw Refused(PredictionErrorCodes.WebhookUrlInvalid, $"The webhook host '{uri.Host}' does not resolve.");
        }

        if (!options.Value.AllowPrivateTargets && (addresses.Length == 0 || addresses.Any(NetworkRanges.IsPrivate)))
        {
            throw Refused(PredictionErrorCodes.WebhookTargetRefused, $"The webhook host '{uri.Host}' is on a loopback or private network.");
        }

        return uri.AbsoluteUri;
    }

    private static UploadRejectedException Refused(string code, string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, code, "Webhook target refused", detail);
}
