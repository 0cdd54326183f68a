namespace App.KnowledgeBase.Chunking;

/// <summary>
/// Sentence spans of a text range: a sentence ends at '.', '!' or '?' followed by whitespace, or at a line break
/// (lists, headings and layout text from PDFs break lines without punctuation).
/// </summary>
public static class SentenceSplitter
{
    public static List<(int Start, int End)> Split(string text, int start, int end)
    {
        var sentences = new List<(int, int)>();
        var sentenceStart = SkipWhitespace(text, start, end);
        for (var i = sentenceStart; i < end; i++)
        {
            var c = text[i];
            var boundary = c == '\n'
                || (c is '.' or '!' or '?' && i + 1 < end && char.IsWhiteSpace(text[i + 1]) && !IsAbbreviation(text, sentenceStart, i));
            if (!boundary)
            {
                continue;
            }

            var sentenceEnd = c == '\n' ? TrimEnd(text, sentenceStart, i) : i + 1;
            if (sentenceEnd > sentenceStart)
            {
                sentences.Add((sentenceStart, sentenceEnd));
            }

            sentenceStart = SkipWhitespace(text, i + 1, end);
            i = sentenceStart - 1;
        }

        var last = TrimEnd(text, sentenceStart, end);
        if (last > sentenceStart)
        {
            sentences.Add((sentenceStart, last));
        }

        return sentences;
    }

    /// <summary>"e.g." and "Dr." do not end a sentence: a one- or two-letter word before the period is taken as an abbreviation.</summary>
    private static bool IsAbbreviation(string text, int sentenceStart, int period)
    {
        var wordStart = period;
        while (wordStart > sentenceStart && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        var length = period - wordStart;
        return length == 1 || (length == 2 && char.IsUpper(text[wordStart]));
    }

    private static int SkipWhitespace(string text, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
