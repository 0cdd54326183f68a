using System.Buffers;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace App.Gateway.Forwarding;

/// <summary>
/// Relays one request to a service and its response back, streaming both bodies, following YARP's forwarding rules.
/// Failures before the response starts become ProblemDetails (502, 504, 413, 400); after it has started the only honest
/// signal left is to abort the client's connection, so a truncated body is never mistaken for a complete one.
/// </summary>
public sealed partial class HttpForwarder(UpstreamClient client, IOptionsMonitor<GatewayOptions> options, ILogger<HttpForwarder> logger)
{
    private const int BufferSize = 64 * 1024;

    public async Task ForwardAsync(HttpContext context, Uri destination)
    {
        // A service's own status (an empty 404, a 401) is relayed as sent, not dressed up by the gateway.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        using var activity = new ActivityTimeout(options.CurrentValue.ActivityTimeout, context.RequestAborted);
        using var request = CreateRequest(context, destination, activity);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, activity.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            await ReportSendFailureAsync(context, destination, activity, request.Content as StreamingRequestContent, ex);
            return;
        }

        using (response)
        {
            activity.Reset();
            await RelayResponseAsync(context, response, activity);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, Uri destination, ActivityTimeout activity)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), destination)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true)
        {
            request.Content = new StreamingRequestContent(context.Request.Body, activity);
        }

        RequestHeaders.CopyTo(context.Request, request);
        ForwardedHeaders.Apply(context, request);
        // One request id across the gateway and the service, whether the client sent it or the gateway made it.
        request.Headers.Remove(ProblemDetailsExtensions.RequestIdHeader);
        request.Headers.TryAddWithoutValidation(ProblemDetailsExtensions.RequestIdHeader, context.TraceIdentifier);
        return request;
    }

    private async Task ReportSendFailureAsync(
        HttpContext context, Uri destination, ActivityTimeout activity, StreamingRequestContent? content, Exception ex)
    {
        if (activity.ClientAborted)
        {
            LogClientAborted(logger, destination);
            return;
        }

        if (content?.ClientFailure is { } clientFailure)
        {
            var tooLarge = clientFailure is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
            LogClientBodyFailed(logger, destination, clientFailure);
            await (tooLarge
                ? context.WriteProblemAsync(413, ErrorCodes.PayloadTooLarge, "Request body too large",
                    "The request body exceeds the limit for this route.")
                : context.WriteProblemAsync(400, ErrorCodes.BadRequest, "Request body could not be read"));
            return;
        }

        if (activity.TimedOut)
        {
            LogTimedOut(logger, destination);
            await context.WriteProblemAsync(504, ErrorCodes.GatewayTimeout, "Gateway timeout",
                "The service did not answer in time.");
            return;
        }

        LogSendFailed(logger, destination, ex);
        await context.WriteProblemAsync(502, ErrorCodes.BadGateway, "Bad gateway", "The service could not be reached.");
    }

    private async Task RelayResponseAsync(HttpContext context, HttpResponseMessage response, ActivityTimeout activity)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        ResponseHeaders.CopyTo(response, context.Response);
        // Each chunk goes out as it arrives: server-sent events must reach the client one by one.
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(activity.Token);
            var body = context.Response.Body;
            while (await source.ReadAsync(buffer, activity.Token) is var read and > 0)
            {
                activity.Reset();
                await body.WriteAsync(buffer.AsMemory(0, read), activity.Token);
                await body.FlushAsync(activity.Token);
                activity.Reset();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            await ReportRelayFailureAsync(context, response, activity, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReportRelayFailureAsync(HttpContext context, HttpResponseMessage response, ActivityTimeout activity, Exception ex)
    {
        if (activity.ClientAborted)
        {
            LogClientAborted(logger, response.RequestMessage?.RequestUri);
            return;
        }

        LogRelayFailed(logger, response.RequestMessage?.RequestUri, ex);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await (activity.TimedOut
            ? context.WriteProblemAsync(504, ErrorCodes.GatewayTimeout, "Gateway timeout", "The service stopped answering.")
            : context.WriteProblemAsync(502, ErrorCodes.BadGateway, "Bad gateway", "The service's response failed."));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client went away while forwarding to {Destination}")]
    private static partial void LogClientAborted(ILogger logger, Uri? destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client's request body failed while forwarding to {Destination}")]
    private static partial void LogClientBodyFailed(ILogger logger, Uri destination, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to {Destination} timed out")]
    private static partial void LogTimedOut(ILogger logger, Uri destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to {Destination} failed")]
    private static partial void LogSendFailed(ILogger logger, Uri destination, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying the response of {Destination} failed")]
    private static partial void LogRelayFailed(ILogger logger, Uri? destination, Exception exception);
}
