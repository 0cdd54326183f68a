using App.Documents;
using Microsoft.Extensions.Options;

namespace App.Rag.Chunking;

/// <summary>
/// Structure-aware chunking: a chunk never crosses a heading or a page break, is packed from whole sentences up to
/// <see cref="ChunkingOptions.MaxChars"/>, and repeats the last sentences of the previous chunk of its section up to
/// <see cref="ChunkingOptions.OverlapChars"/>. Chunks are spans of the extracted text, so their offsets are exact.
/// </summary>
public sealed class Chunker(IOptions<ChunkingOptions> options)
{
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

    private void Pack(ExtractedDocument document, List<(int Start, int End)> units, string headingPath, List<TextChunk> chunks)
    {
        var max = options.Value.MaxChars;
        var first = 0;
        while (first < units.Count)
        {
            var next = first + 1;
            while (next < units.Count && units[next].End - units[first].Start <= max)
            {
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

    /// <summary>The earliest unit after <paramref name="first"/> whose distance to the chunk's end fits in the overlap.</summary>
    private int OverlapStart(List<(int Start, int End)> units, int first, int next)
    {
        var end = units[next - 1].End;
        for (var candidate = first + 1; candidate < next; candidate++)
        {
            if (end - units[candidate].Start <= options.Value.OverlapChars)
            {
                return candidate;
            }
        }

        return next;
    }

    /// <summary>Sentences of each paragraph; a sentence longer than a chunk is cut at whitespace.</summary>
    private List<(int Start, int End)> Units(string text, int start, int end)
    {
        var units = new List<(int, int)>();
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

    private void CutLong(string text, (int Start, int End) sentence, List<(int, int)> units)
    {
        var max = options.Value.MaxChars;
        var start = sentence.Start;
        while (sentence.End - start > max)
        {
            var cut = text.LastIndexOf(' ', start + max, max);
            cut = cut <= start ? start + max : cut;
            units.Add((start, cut));
            start = cut;
            while (start < sentence.End && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        if (sentence.End > start)
        {
            units.Add((start, sentence.End));
        }
    }

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
