using System.Numerics.Tensors;
using App.KnowledgeBase.Chunking;
using App.Documents;
using App.Rag.Indexing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Rag.Answers;

/// <summary>
/// The answer without a language model: the sentences of the top sources most similar to the question, lexically
/// (the share of its terms they contain, weighted by idf) and, with an embedding model, densely (cosine similarity of
/// the sentence's vector to the question's), each followed by its own citation. Every word of the answer is a quote,
/// so nothing is invented.
/// </summary>
public sealed class ExtractiveAnswerer(IOptions<AnswerOptions> options, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    public async Task<ComposedAnswer> ComposeAsync(
        string question,
        IReadOnlyList<AnswerSource> sources,
        IReadOnlyDictionary<string, double> termWeights,
        Func<Guid, int, int> pageAt,
        CancellationToken cancellationToken = default)
    {
        var total = termWeights.Values.Sum();
        if (total <= 0)
        {
            return NoResult();
        }

        var sentences = new List<(AnswerSource Source, int Start, int End, double Coverage)>();
        foreach (var source in sources)
        {
            foreach (var (start, end) in SentenceSplitter.Split(source.Text, 0, source.Text.Length))
            {
                var terms = Tokenizer.Tokenize(source.Text[start..end]).ToHashSet();
                var coverage = termWeights.Where(t => terms.Contains(t.Key)).Sum(t => t.Value) / total;
                sentences.Add((source, source.Start + start, source.Start + end, coverage));
            }
        }

        var similarities = await SimilaritiesAsync(question, sentences.Select(s => Quote(s.Source, s.Start, s.End)).ToList(), cancellationToken);
        var o = options.Value;
        var candidates = sentences
            .Select((s, i) => (s.Source, s.Start, s.End, s.Coverage, Similarity: similarities?[i] ?? 0))
            .Where(c => c.Coverage >= o.MinimumCoverage || (similarities is not null && c.Similarity >= o.MinimumSimilarity))
            .Select(c => (c.Source, c.Start, c.End, Score: similarities is null ? c.Coverage : (o.LexicalWeight * c.Coverage) + (o.DenseWeight * c.Similarity)));

        var chosen = new List<(AnswerSource Source, int Start, int End, double Score)>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Source.Number))
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
            Quote(c.Source, c.Start, c.End))).ToList();
        var text = string.Join(' ', citations.Select(Segment));
        return new ComposedAnswer(text, citations, NoResult: false);
    }

    private static string Quote(AnswerSource source, int start, int end) => source.Text[(start - source.Start)..(end - source.Start)];

    /// <summary>Cosine similarity of each sentence to the question, in one batch; null without an embedding model.</summary>
    private async Task<double[]?> SimilaritiesAsync(string question, IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        if (embeddings is null || sentences.Count == 0)
        {
            return null;
        }

        var vectors = await embeddings.GenerateAsync([question, .. sentences], cancellationToken: cancellationToken);
        var query = vectors[0].Vector;
        return vectors.Skip(1).Select(v => (double)TensorPrimitives.CosineSimilarity(query.Span, v.Vector.Span)).ToArray();
    }

    /// <summary>One sentence of the answer with its marker; the answer is these joined by spaces.</summary>
    public static string Segment(Citation citation) => $"{OneLine(citation.Quote)} [{citation.Number}]";

    public ComposedAnswer NoResult() => new(options.Value.NoResultText, [], NoResult: true);

    /// <summary>Layout text from PDFs breaks lines mid-sentence; the answer reads as prose, the quote stays exact.</summary>
    private static string OneLine(string quote) => string.Join(' ', quote.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
