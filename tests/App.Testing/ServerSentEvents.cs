using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Xunit;

namespace App.Testing;

/// <summary>One event of a stream, and when the client had all of it (its closing blank line).</summary>
public sealed record ServerSentEvent(string? Id, string? Type, JsonElement Data)
{
    public DateTimeOffset ReceivedAt { get; init; }
}

public static class ServerSentEvents
{
    /// <summary>Reads a whole stream; the job stream ends by itself after the final state.</summary>
    public static async Task<IReadOnlyList<ServerSentEvent>> ReadAllAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var events = new List<ServerSentEvent>();
        await foreach (var e in FollowAsync(client, path, lastEventId))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Each event as soon as it has arrived (not when the stream ends), until the stream ends.</summary>
    public static async IAsyncEnumerable<ServerSentEvent> FollowAsync(
        HttpClient client, string path, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/event-stream",
            $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: not an event stream");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            yield return new ServerSentEvent(item.EventId, item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone())
            {
                ReceivedAt = DateTimeOffset.UtcNow,
            };
        }
    }
}
