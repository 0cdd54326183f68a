using App.Rag.Chunking;
using App.Documents;
using App.Rag.Indexing;
using Microsoft.Extensions.Options;

namespace App.Rag.Answers;

/// <summary>
/// The answer without a language model: the sentences of the top sources that cover most of the question's terms
/// (weighted by idf), each followed by its own citation. Every word of the answer is a quote, so nothing is invented.
/// </summary>
public sealed class ExtractiveAnswerer(IOptions<AnswerOptions> options)
{
    public ComposedAnswer Compose(
        IReadOnlyList<AnswerSource> sources,
        IReadOnlyDictionary<string, double> termWeights,
        Func<Guid, int, int> pageAt)
    {
        var total = termWeights.Values.Sum();
        if (total <= 0)
        {
            return NoResult();
        }

        var candidates = new List<(AnswerSource Source, int Start, int End, double Coverage)>();
        foreach (var source in sources)
        {
            foreach (var (start, end) in SentenceSplitter.Split(source.Text, 0, source.Text.Length))
            {
                var terms = Tokenizer.Tokenize(source.Text[start..end]).ToHashSet();
                var coverage = termWeights.Where(t => terms.Contains(t.Key)).Sum(t => t.Value) / total;
                if (coverage >= options.Value.MinimumCoverage)
                {
                    candidates.Add((source, source.Start + start, source.Start + end, coverage));
                }
            }
        }

        var chosen = new List<(AnswerSource Source, int Start, int End, double Coverage)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Coverage).ThenBy(c => c.Source.Number))
        {
            // Neighbouring chunks overlap: the same sentence can come from two of them.
            var repeated = chosen.Any(c => c.Source.DocumentId == candidate.Source.DocumentId && c.Start < candidate.End && candidate.Start < c.End);
            if (!repeated && chosen.Count < options.Value.MaxSentences)
            {
                chosen.Add(candidate);
            }
        }

        if (chosen.Count == 0)
        {
            return NoResult();
        }

        var citations = chosen.Select((c, i) => new Citation(
            i + 1, c.Source.DocumentId, c.Source.Title, pageAt(c.Source.DocumentId, c.Start), c.Start, c.End,
            c.Source.Text[(c.Start - c.Source.Start)..(c.End - c.Source.Start)])).ToList();
        var text = string.Join(' ', citations.Select(Segment));
        return new ComposedAnswer(text, citations, NoResult: false);
    }

    /// <summary>One sentence of the answer with its marker; the answer is these joined by spaces.</summary>
    public static string Segment(Citation citation) => $"{OneLine(citation.Quote)} [{citation.Number}]";

    public ComposedAnswer NoResult() => new(options.Value.NoResultText, [], NoResult: true);

    /// <summary>Layout text from PDFs breaks lines mid-sentence; the answer reads as prose, the quote stays exact.</summary>
    private static string OneLine(string quote) => string.Join(' ', quote.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
