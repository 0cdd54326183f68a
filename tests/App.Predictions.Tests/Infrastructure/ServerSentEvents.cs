using System.Text.Json;

namespace App.Predictions.Tests.Infrastructure;

public sealed record ServerSentEvent(string? Id, string? Type, JsonElement Data);

public static class ServerSentEvents
{
    /// <summary>Reads a whole stream; the job stream ends by itself after the final state.</summary>
    public static async Task<IReadOnlyList<ServerSentEvent>> ReadAllAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(block => block.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("data:", StringComparison.Ordinal)))
            .Select(lines => new ServerSentEvent(
                Field(lines, "id"),
                Field(lines, "event"),
                JsonDocument.Parse(Field(lines, "data")!).RootElement.Clone()))
            .ToList();
    }

    private static string? Field(string[] lines, string name) =>
        lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].TrimStart()).FirstOrDefault();
}
