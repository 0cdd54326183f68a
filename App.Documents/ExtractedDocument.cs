namespace App.Documents;

/// <summary>
/// The text of a document as every later step sees it: chunks, citations and quotes are character offsets into
/// <see cref="Text"/>, so it is stored once and never re-derived.
/// </summary>
public sealed record ExtractedDocument(string Title, string Text, IReadOnlyList<PageSpan> Pages, IReadOnlyList<Heading> Headings)
{
    /// <summary>The page holding the character at <paramref name="offset"/> (1 for documents without pages).</summary>
    public int PageAt(int offset) => PageMap.PageAt(Pages, offset);
}

/// <summary>Characters [Start, End) of the extracted text came from page <see cref="Page"/>.</summary>
public sealed record PageSpan(int Page, int Start, int End);

/// <summary>A heading line of the extracted text: level 1 is the outermost.</summary>
public sealed record Heading(int Level, string Text, int Start);
