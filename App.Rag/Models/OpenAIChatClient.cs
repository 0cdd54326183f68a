using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace App.Rag.Models;

/// <summary>
/// <see cref="IChatClient"/> over an OpenAI-compatible chat completions endpoint with the OpenAI SDK
/// (Microsoft.Extensions.AI.OpenAI, which would provide this adapter, is not in the feed). Text only: the RAG prompt
/// needs neither tools nor images.
/// </summary>
public sealed class OpenAIChatClient(ModelEndpointOptions options) : IChatClient
{
    private readonly ChatClient _client = OpenAIClientFactory.Create(options).GetChatClient(options.Model);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        var completion = (await _client.CompleteChatAsync(Convert(messages), Convert(chatOptions), cancellationToken)).Value;
        var text = string.Concat(completion.Content.Select(p => p.Text));
        return new ChatResponse(new AIChatMessage(AIChatRole.Assistant, text))
        {
            ModelId = completion.Model,
            ResponseId = completion.Id,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _client.CompleteChatStreamingAsync(Convert(messages), Convert(chatOptions), cancellationToken))
        {
            var text = string.Concat(update.ContentUpdate.Select(p => p.Text));
            if (text.Length > 0)
            {
                yield return new ChatResponseUpdate(AIChatRole.Assistant, text) { ModelId = update.Model };
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai-compatible", options.Endpoint, options.Model)
        : null;

    public void Dispose()
    {
        // The OpenAI client holds no resources of its own to release.
    }

    private static List<OpenAI.Chat.ChatMessage> Convert(IEnumerable<AIChatMessage> messages) =>
        messages.Select(m => m.Role == AIChatRole.System ? (OpenAI.Chat.ChatMessage)new SystemChatMessage(m.Text)
            : m.Role == AIChatRole.Assistant ? new AssistantChatMessage(m.Text)
            : new UserChatMessage(m.Text)).ToList();

    private static ChatCompletionOptions Convert(ChatOptions? options) => new()
    {
        Temperature = options?.Temperature,
        MaxOutputTokenCount = options?.MaxOutputTokens,
    };
}
