using App.Rag.Tests.Fixtures;

namespace App.Extractions.Tests.Infrastructure;

/// <summary>Real PDFs written at test time; every one carries a unique tag so no test meets another's cache entry.</summary>
public static class TestDocuments
{
    /// <summary>One sentence per line, <paramref name="perPage"/> per page: "Page 2 sentence 1 of {tag}." and so on.</summary>
    /// <returns>The PDF, each page's lines, and the tag that is in every sentence.</returns>
    public static (byte[] Pdf, string[][] Pages, string Tag) Sentences(int pages, int perPage = 2, string? marker = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var text = Enumerable.Range(1, pages)
            .Select(p => Enumerable.Range(1, perPage).Select(s => $"Page {p} sentence {s} of {tag}.")
                .Concat(marker is null ? [] : [marker]).ToArray())
            .ToArray();
        return (TestPdf.Build(text), text, tag);
    }
}
