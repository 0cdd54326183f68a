using System.Text.Json;

namespace App.Rag.Tests.Fixtures;

public static class ServerSentEvents
{
    /// <summary>Reads "event:"/"data:" blocks in arrival order.</summary>
    public static async Task<List<(string Event, JsonElement Data)>> ReadAllAsync(HttpResponseMessage response)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    events.Add((name ?? "message", JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone()));
                }

                (name, data) = (null, []);
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }

        return events;
    }
}
