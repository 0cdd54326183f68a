using System.Buffers;
using System.Net;

namespace App.Gateway.Forwarding;

/// <summary>
/// The client's request body as upstream content, copied a buffer at a time as it arrives (YARP's StreamCopyHttpContent):
/// never buffered whole, so a 100 MB upload costs one pooled buffer. It records a failure on the client's side so the
/// forwarder can tell "the client sent a bad or oversized body" from "the service failed".
/// </summary>
public sealed class StreamingRequestContent(Stream source, ActivityTimeout activity) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    public Exception? ClientFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, activity.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer, linked.Token);
                }
                catch (Exception ex)
                {
                    ClientFailure = ex;
                    throw;
                }

                if (read == 0)
                {
                    return;
                }

                activity.Reset();
                await stream.WriteAsync(buffer.AsMemory(0, read), linked.Token);
                activity.Reset();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Unknown here: a Content-Length the client sent is set on the headers explicitly, otherwise it goes chunked.</summary>
    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
