using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace App.Testing;

/// <summary>
/// An OpenAI-compatible HTTP server on loopback (Kestrel) serving /v1/chat/completions (plain and streamed) and
/// /v1/embeddings: the one stand-in these tests use, because the real endpoint is a paid remote service. It speaks the
/// wire format, so the OpenAI SDK, its retry policy and Microsoft.Extensions.AI.OpenAI run unchanged against it.
/// </summary>
public sealed class OpenAICompatibleServer : IAsyncDisposable
{
    public const int Dimensions = 64;
    private static readonly char[] Separators = [' ', '\t', '\n', '\r', '.', ',', ';', ':', '?', '!', '(', ')', '"', '\''];
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _failures = new();

    private OpenAICompatibleServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>What the chat model answers, given the last user message and the system prompt.</summary>
    public Func<string, string, string> Reply { get; set; } = (_, _) => "I do not know.";

    public ConcurrentBag<JsonObject> ChatRequests { get; } = [];

    public int ChatAttempts;

    /// <summary>
    /// Decides a chat request's answer from the whole request (after <see cref="FailNext"/>'s failures): a status with
    /// Retry-After, a delay, or the content; null leaves it to <see cref="Reply"/>.
    /// </summary>
    public Func<JsonObject, ChatAnswer?>? Answer { get; set; }

    /// <summary>The next chat requests fail with these status codes (Retry-After set), one each, before any succeeds.</summary>
    public void FailNext(params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            _failures.Enqueue(status);
        }
    }

    public static async Task<OpenAICompatibleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAICompatibleServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", EmbeddingsAsync);
        await app.StartAsync();
        server.Endpoint = new Uri($"{app.Urls.First()}/v1");
        return server;
    }

    /// <summary>Bag-of-words vectors hashed into a few dimensions: texts sharing words are close, which is all search needs.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var term in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            vector[(int)((uint)StringComparer.Ordinal.GetHashCode(term) % Dimensions)] += 1;
        }

        return vector;
    }

    private async Task ChatAsync(HttpContext context)
    {
        Interlocked.Increment(ref ChatAttempts);
        if (_failures.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            context.Response.Headers["retry-after-ms"] = "10";
            context.Response.Headers.RetryAfter = "0";
            await context.Response.WriteAsJsonAsync(new { error = new { message = "busy", type = "server_error" } });
            return;
        }

        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        ChatRequests.Add(request);
        if (Answer?.Invoke(request) is { } answer && await AnswerAsync(context, answer))
        {
            return;
        }

        var messages = request["messages"]!.AsArray();
        var system = messages.FirstOrDefault(m => (string?)m!["role"] == "system")?["content"]?.ToString() ?? string.Empty;
        var question = messages.Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();
        var reply = Reply(question, system);
        if (request["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var piece in reply.Chunk(7).Select(c => new string(c)))
            {
                var chunk = new
                {
                    id = "chatcmpl-1", @object = "chat.completion.chunk", created = 0, model = "test-model",
                    choices = new[] { new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null } },
                };
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-1", @object = "chat.completion", created = 0, model = "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 },
        });
    }

    /// <returns>False when the answer is only a delay before the usual reply.</returns>
    private static async Task<bool> AnswerAsync(HttpContext context, ChatAnswer answer)
    {
        if (answer.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (answer.Status != StatusCodes.Status200OK)
        {
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
            return true;
        }

        if (answer.Content is null)
        {
            return false;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-1", @object = "chat.completion", created = 0, model = "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = answer.Content }, finish_reason = "stop" } },
            usage = new { prompt_tokens = answer.PromptTokens, completion_tokens = answer.CompletionTokens, total_tokens = answer.PromptTokens + answer.CompletionTokens },
        });
        return true;
    }

    private static async Task EmbeddingsAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var input = request["input"] is JsonArray array ? array.Select(i => i!.ToString()).ToList() : [request["input"]!.ToString()];
        await context.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            model = "test-embeddings",
            data = input.Select((text, i) => new { @object = "embedding", index = i, embedding = Embed(text) }),
            usage = new { prompt_tokens = 1, total_tokens = 1 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static HttpStatusCode[] Transient => [HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable];
}

/// <summary>A scripted chat answer: <see cref="Status"/> other than 200 fails (with Retry-After when given).</summary>
/// <param name="Content">The assistant's message; null with status 200 leaves the content to the server's Reply.</param>
public sealed record ChatAnswer(
    string? Content = null, int Status = 200, int? RetryAfterSeconds = null, TimeSpan? Delay = null, int PromptTokens = 10, int CompletionTokens = 5);
