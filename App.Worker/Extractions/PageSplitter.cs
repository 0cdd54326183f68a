using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace App.Worker.Extractions;

/// <summary>
/// Cuts a page's text into parts of at most <see cref="ExtractionWorkerOptions.MaxPageTokens"/> tokens, at line ends
/// where it can (a line longer than that is cut where the tokens run out). Tokens are counted with o200k_base, the
/// encoding of current OpenAI models; for other models it is an estimate, which the budget's margin absorbs.
/// </summary>
public sealed class PageSplitter(IOptions<ExtractionWorkerOptions> options)
{
    private static readonly Lazy<Tokenizer> Encoding = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public IReadOnlyList<string> Split(string text)
    {
        var budget = Math.Max(16, options.Value.MaxPageTokens);
        var tokenizer = Encoding.Value;
        if (tokenizer.CountTokens(text) <= budget)
        {
            return [text];
        }

        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var currentTokens = 0;
        foreach (var line in text.Split('\n'))
        {
            var remaining = line + "\n";
            var tokens = tokenizer.CountTokens(remaining);
            if (currentTokens + tokens > budget && current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
                currentTokens = 0;
            }

            while (tokens > budget)
            {
                var cut = tokenizer.GetIndexByTokenCount(remaining, budget, out _, out _);
                parts.Add(remaining[..cut]);
                remaining = remaining[cut..];
                tokens = tokenizer.CountTokens(remaining);
            }

            current.Append(remaining);
            currentTokens += tokens;
        }

        if (current.ToString().Trim().Length > 0)
        {
            parts.Add(current.ToString());
        }

        return parts;
    }
}
