using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Testing;

namespace App.Extractions.Tests.Infrastructure;

/// <summary>
/// The stand-in model's behaviour, decided by markers in a page's text so tests never depend on each other's order:
/// by default it answers every sentence of the page (for the fields schema, every "Key: Value" line), each with a wrong
/// page number (99) that the worker must overwrite. <see cref="RepairOnce"/>, <see cref="AlwaysInvalid"/>,
/// <see cref="RateLimitedOnce"/> and <see cref="Slow"/> script the failures.
/// </summary>
public static class ScriptedModel
{
    public const string RepairOnce = "[[repair-once]]";
    public const string AlwaysInvalid = "[[always-invalid]]";
    public const string RateLimitedOnce = "[[rate-limited-once]]";
    public const string Slow = "[[slow]]";
    public const string InvalidAnswer = "{\"sentences\": \"not a list\"}";
    public const int WrongPage = 99;

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Calls = new();

    public static ChatAnswer Answer(JsonObject request)
    {
        var messages = request["messages"]!.AsArray();
        var page = messages.First(m => (string?)m!["role"] == "user")!["content"]!.ToString();
        var repairing = messages.Any(m => (string?)m!["role"] == "assistant");
        var calls = Calls.GetOrAdd(page, _ => new ConcurrentQueue<DateTimeOffset>());
        calls.Enqueue(DateTimeOffset.UtcNow);
        var firstTime = calls.Count == 1;
        if (page.Contains(Slow, StringComparison.Ordinal))
        {
            return new ChatAnswer(Delay: TimeSpan.FromSeconds(30));
        }

        if (page.Contains(RateLimitedOnce, StringComparison.Ordinal) && firstTime)
        {
            return new ChatAnswer(Status: 429, RetryAfterSeconds: 1);
        }

        if (page.Contains(AlwaysInvalid, StringComparison.Ordinal) || (page.Contains(RepairOnce, StringComparison.Ordinal) && !repairing))
        {
            return new ChatAnswer(InvalidAnswer);
        }

        return new ChatAnswer(IsFieldsRequest(request) ? Fields(page) : Sentences(page));
    }

    /// <summary>When the stand-in was asked about pages holding <paramref name="tag"/>, in order.</summary>
    public static IReadOnlyList<DateTimeOffset> CallTimes(string tag) =>
        Calls.Where(c => c.Key.Contains(tag, StringComparison.Ordinal)).SelectMany(c => c.Value).Order().ToList();

    /// <summary>The page's text as the worker sent it: after the "Page n of m:" heading.</summary>
    public static string PageText(string userMessage) => userMessage[(userMessage.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];

    private static bool IsFieldsRequest(JsonObject request) =>
        request["response_format"]?.ToJsonString().Contains("\"fields\"", StringComparison.Ordinal) == true;

    private static string Sentences(string page)
    {
        var sentences = PageText(page).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.EndsWith('.'))
            .Select(l => new { text = l, page = WrongPage });
        return JsonSerializer.Serialize(new { sentences });
    }

    private static string Fields(string page)
    {
        var fields = PageText(page).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(':'))
            .Select(l => new { key = l[..l.IndexOf(':')].Trim(), value = l[(l.IndexOf(':') + 1)..].Trim() is { Length: > 0 } v ? v : null, page = WrongPage });
        return JsonSerializer.Serialize(new { fields });
    }
}
