using App.AI;
using App.Documents;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace App.KnowledgeBase.Chunking;

/// <summary>
/// Structure-aware chunking: a chunk never crosses a heading or a page break, is packed from whole sentences up to
/// <see cref="ChunkingOptions.MaxTokens"/> tokens of the embedding model's tokenizer, and repeats the last sentences of
/// the previous chunk of its section up to <see cref="ChunkingOptions.OverlapTokens"/>. Chunks are spans of the
/// extracted text, so their offsets are exact. Units are cut at whitespace, where word-piece counts add up, so a
/// chunk's count is the sum of its units' counts.
/// </summary>
public sealed class Chunker(IOptions<ChunkingOptions> options, EmbeddingModel embeddingModel)
{
    private readonly Tokenizer _tokenizer = embeddingModel.Tokenizer;

    // A BERT tokenizer counts [CLS] and [SEP] in every count: once per text, not once per unit.
    private readonly int _specialTokens = embeddingModel.Tokenizer.CountTokens(string.Empty);

    public IReadOnlyList<TextChunk> Chunk(ExtractedDocument document)
    {
        var chunks = new List<TextChunk>();
        foreach (var section in Sections(document))
        {
            var units = Units(document.Text, section.Start, section.End);
            Pack(document, units, section.HeadingPath, chunks);
        }

        return chunks;
    }

    private void Pack(ExtractedDocument document, List<Unit> units, string headingPath, List<TextChunk> chunks)
    {
        var max = options.Value.MaxTokens;
        var first = 0;
        while (first < units.Count)
        {
            var next = first + 1;
            var tokens = units[first].Tokens;
            while (next < units.Count && tokens + units[next].Tokens <= max)
            {
                tokens += units[next].Tokens;
                next++;
            }

            var (start, end) = (units[first].Start, units[next - 1].End);
            chunks.Add(new TextChunk(chunks.Count, start, end, document.PageAt(start), headingPath, document.Text[start..end]));
            if (next == units.Count)
            {
                break;
            }

            first = OverlapStart(units, first, next);
        }
    }

    /// <summary>The earliest unit after <paramref name="first"/> from which the chunk's end fits in the overlap.</summary>
    private int OverlapStart(List<Unit> units, int first, int next)
    {
        var tokens = 0;
        var candidate = next;
        while (candidate - 1 > first && tokens + units[candidate - 1].Tokens <= options.Value.OverlapTokens)
        {
            candidate--;
            tokens += units[candidate].Tokens;
        }

        return candidate;
    }

    /// <summary>Sentences of each paragraph; a sentence longer than a chunk is cut at whitespace.</summary>
    private List<Unit> Units(string text, int start, int end)
    {
        var units = new List<Unit>();
        var paragraphStart = start;
        while (paragraphStart < end)
        {
            var paragraphEnd = text.IndexOf("\n\n", paragraphStart, end - paragraphStart, StringComparison.Ordinal);
            paragraphEnd = paragraphEnd < 0 ? end : paragraphEnd;
            foreach (var sentence in SentenceSplitter.Split(text, paragraphStart, paragraphEnd))
            {
                CutLong(text, sentence, units);
            }

            paragraphStart = paragraphEnd + 2;
        }

        return units;
    }

    private void CutLong(string text, (int Start, int End) sentence, List<Unit> units)
    {
        var tokens = Count(text, sentence.Start, sentence.End);
        if (tokens <= options.Value.MaxTokens)
        {
            units.Add(new Unit(sentence.Start, sentence.End, tokens));
            return;
        }

        // Word by word: a piece ends before the word that would take it over the limit.
        var (start, pieceTokens, position) = (sentence.Start, 0, sentence.Start);
        while (position < sentence.End)
        {
            var wordEnd = text.IndexOf(' ', position, sentence.End - position);
            wordEnd = wordEnd < 0 ? sentence.End : wordEnd;
            var wordTokens = Count(text, position, wordEnd);
            if (pieceTokens > 0 && pieceTokens + wordTokens > options.Value.MaxTokens)
            {
                units.Add(new Unit(start, text.AsSpan(start, position - start).TrimEnd().Length + start, pieceTokens));
                (start, pieceTokens) = (position, 0);
            }

            pieceTokens += wordTokens;
            position = wordEnd;
            while (position < sentence.End && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }

        if (sentence.End > start)
        {
            units.Add(new Unit(start, sentence.End, pieceTokens));
        }
    }

    private int Count(string text, int start, int end) => _tokenizer.CountTokens(text.AsSpan(start, end - start)) - _specialTokens;

    private readonly record struct Unit(int Start, int End, int Tokens);

    /// <summary>
    /// Spans between boundaries: every heading (which also changes the heading path) and every page start, so that a
    /// chunk's page is the page of all its text and a citation never points at the page before the passage.
    /// </summary>
    private static IEnumerable<(int Start, int End, string HeadingPath)> Sections(ExtractedDocument document)
    {
        var boundaries = document.Headings.Select(h => (h.Start, Heading: (Heading?)h))
            .Concat(document.Pages.Skip(1).Select(p => (p.Start, Heading: (Heading?)null)))
            .OrderBy(b => b.Start)
            .ThenBy(b => b.Heading is null ? 0 : 1);
        var path = new List<Heading>();
        var start = 0;
        var headingPath = string.Empty;
        foreach (var (offset, heading) in boundaries)
        {
            if (offset > start)
            {
                yield return (start, offset, headingPath);
                start = offset;
            }

            if (heading is not null)
            {
                path.RemoveAll(h => h.Level >= heading.Level);
                path.Add(heading);
                headingPath = string.Join(" > ", path.Select(h => h.Text));
            }
        }

        if (document.Text.Length > start)
        {
            yield return (start, document.Text.Length, headingPath);
        }
    }
}
