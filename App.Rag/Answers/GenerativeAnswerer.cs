using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;

namespace App.Rag.Answers;

/// <summary>
/// The answer from the chat model, streamed through a Semantic Kernel <see cref="Kernel"/> (its chat service is the
/// configured IChatClient) from the <see cref="AnswerPrompt"/> templates; citations are the [n] markers in the final
/// text that name a real source, each quoting that source's span.
/// </summary>
public sealed partial class GenerativeAnswerer(Kernel kernel)
{
    public async IAsyncEnumerable<string> StreamAsync(
        string question, IReadOnlyList<AnswerSource> sources, ConversationContext? previous, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Held back until it cannot be the start of the no-answer marker, so clients never see the marker itself.
        var pending = new StringBuilder();
        var released = false;
        var (function, arguments) = AnswerPrompt.For(question, sources, previous);
        await foreach (var update in kernel.InvokeStreamingAsync<StreamingChatMessageContent>(function, arguments, cancellationToken))
        {
            var delta = update.Content ?? string.Empty;
            if (released)
            {
                yield return delta;
                continue;
            }

            pending.Append(delta);
            var text = pending.ToString().TrimStart();
            if (!AnswerPrompt.NoAnswerMarker.StartsWith(text[..Math.Min(text.Length, AnswerPrompt.NoAnswerMarker.Length)], StringComparison.Ordinal))
            {
                released = true;
                yield return pending.ToString();
            }
        }

        if (!released && pending.Length > 0 && !IsNoAnswer(pending.ToString()))
        {
            yield return pending.ToString();
        }
    }

    public static ComposedAnswer Finish(string text, IReadOnlyList<AnswerSource> sources, string noResultText)
    {
        if (IsNoAnswer(text) || string.IsNullOrWhiteSpace(text))
        {
            return new ComposedAnswer(noResultText, [], NoResult: true);
        }

        var byNumber = sources.ToDictionary(s => s.Number);
        var citations = CitationMarker().Matches(text)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Distinct()
            .Where(byNumber.ContainsKey)
            .Order()
            .Select(n => byNumber[n])
            .Select(s => new Citation(s.Number, s.DocumentId, s.Title, s.Page, s.Start, s.End, s.Text))
            .ToList();
        return new ComposedAnswer(text.Trim(), citations, NoResult: false);
    }

    private static bool IsNoAnswer(string text) => text.Trim().StartsWith(AnswerPrompt.NoAnswerMarker, StringComparison.Ordinal);

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex CitationMarker();
}
