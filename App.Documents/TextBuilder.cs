using System.Text;

namespace App.Documents;

/// <summary>
/// Assembles extracted text block by block (blocks separated by a blank line, which the chunker reads as paragraph
/// breaks) while recording headings and page spans at the offsets where they land.
/// </summary>
public sealed class TextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<PageSpan> _pages = [];
    private readonly List<Heading> _headings = [];
    private int _page = 1;
    private int _pageStart;

    public string? FirstHeading => _headings.Count > 0 ? _headings[0].Text : null;

    public void AppendBlock(string block)
    {
        var normalized = Normalize(block);
        if (normalized.Length == 0)
        {
            return;
        }

        if (_text.Length > 0)
        {
            _text.Append("\n\n");
        }

        _text.Append(normalized);
    }

    public void AppendHeading(int level, string heading)
    {
        var normalized = Normalize(heading).Replace('\n', ' ');
        if (normalized.Length == 0)
        {
            return;
        }

        AppendBlock(normalized);
        _headings.Add(new Heading(level, normalized, _text.Length - normalized.Length));
    }

    /// <summary>Closes the current page; the blank line before the next page's first block counts to that next page.</summary>
    public void StartPage(int page)
    {
        if (_text.Length > _pageStart || _pages.Count > 0)
        {
            _pages.Add(new PageSpan(_page, _pageStart, _text.Length));
        }

        _page = page;
        _pageStart = _text.Length;
    }

    public ExtractedDocument Build(string? title, string fileName)
    {
        var text = _text.ToString();
        var pages = new List<PageSpan>(_pages) { new(_page, _pageStart, text.Length) };
        pages.RemoveAll(p => p.End <= p.Start && pages.Count > 1);
        var resolvedTitle = string.IsNullOrWhiteSpace(title) ? FirstLine(text) ?? fileName : title.Trim();
        return new ExtractedDocument(Truncate(resolvedTitle), text, pages, _headings);
    }

    /// <summary>Unix newlines, no trailing spaces, at most one blank line in a row, no control characters.</summary>
    public static string Normalize(string block)
    {
        var lines = block.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder(block.Length);
        var blank = 0;
        foreach (var raw in lines)
        {
            var line = new string(raw.Where(c => !char.IsControl(c) || c == '\t').ToArray()).TrimEnd();
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(blank > 0 ? "\n\n" : "\n");
            }

            blank = 0;
            builder.Append(line);
        }

        return builder.ToString();
    }

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);

    private static string Truncate(string title) => title.Length <= 200 ? title : title[..200];
}
