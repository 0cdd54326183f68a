using System.Text;
using Microsoft.Extensions.AI;

namespace App.Rag.Answers;

/// <summary>The grounded prompt: numbered sources, the previous turn for context, and a fixed reply for "not in the sources".</summary>
public static class AnswerPrompt
{
    public const string NoAnswerMarker = "NO_ANSWER";

    private const string Instructions =
        "You answer questions using only the numbered sources below. After every sentence that uses a source, cite it as [n] " +
        "with the source's number. Do not use any other knowledge. If the sources do not contain the answer, reply with exactly " +
        NoAnswerMarker + " and nothing else.";

    public static List<ChatMessage> Build(string question, IReadOnlyList<AnswerSource> sources, ConversationContext? previous)
    {
        var context = new StringBuilder();
        foreach (var source in sources)
        {
            context.Append('[').Append(source.Number).Append("] ").Append(source.Title);
            context.Append(" (page ").Append(source.Page).Append(")\n").Append(source.Text).Append("\n\n");
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, $"{Instructions}\n\nSources:\n\n{context}") };
        if (previous is not null)
        {
            messages.Add(new ChatMessage(ChatRole.User, previous.Question));
            messages.Add(new ChatMessage(ChatRole.Assistant, previous.Answer));
        }

        messages.Add(new ChatMessage(ChatRole.User, question));
        return messages;
    }
}
