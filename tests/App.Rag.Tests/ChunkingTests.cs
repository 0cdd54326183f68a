using App.Documents;
using App.KnowledgeBase.Chunking;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests;

public sealed class ChunkingTests
{
    private static Chunker Chunker(int max = 40, int overlap = 12) =>
        new(Options.Create(new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap }), LocalModel.Embedding);

    [Fact]
    public async Task Offsets_point_at_the_chunk_text_and_chunks_stay_within_bounds()
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, LongMarkdown());

        var chunks = Chunker().Chunk(document);

        Assert.True(chunks.Count > 5);
        foreach (var chunk in chunks)
        {
            Assert.Equal(document.Text[chunk.Start..chunk.End], chunk.Text);
            Assert.True(LocalModel.Tokens(chunk.Text) <= 40, $"chunk {chunk.Ordinal} has {LocalModel.Tokens(chunk.Text)} tokens");
            Assert.Equal(chunk.Text.Trim(), chunk.Text);
        }

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public async Task Every_sentence_is_in_some_chunk_and_consecutive_chunks_overlap_within_a_section()
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, LongMarkdown());

        var chunks = Chunker().Chunk(document);

        foreach (var sentence in SentenceSplitter.Split(document.Text, 0, document.Text.Length))
        {
            Assert.Contains(chunks, c => c.Start <= sentence.Start && sentence.End <= c.End);
        }

        var sameSection = chunks.Zip(chunks.Skip(1)).Where(p => p.First.HeadingPath == p.Second.HeadingPath).ToList();
        Assert.NotEmpty(sameSection);
        Assert.All(sameSection, p => Assert.True(p.Second.Start < p.First.End, "no overlap"));
    }

    [Fact]
    public async Task Chunks_never_cross_headings_and_carry_their_heading_path()
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, LongMarkdown());

        var chunks = Chunker().Chunk(document);

        var setup = chunks.Single(c => c.Text.Contains("Configure the proxy", StringComparison.Ordinal));
        Assert.Equal("Manual > Setup > Network", setup.HeadingPath);
        foreach (var heading in document.Headings.Skip(1))
        {
            Assert.DoesNotContain(chunks, c => c.Start < heading.Start && heading.Start < c.End);
        }
    }

    [Fact]
    public async Task Pdf_chunks_know_their_page()
    {
        var document = await Extract.RunAsync(SourceFormat.Pdf, TestPdf.Build(["First page text."], ["Second page text."]));

        var chunks = Chunker(max: 8, overlap: 0).Chunk(document);

        Assert.Equal(2, chunks.Single(c => c.Text.Contains("Second", StringComparison.Ordinal)).Page);
        Assert.Equal(1, chunks.Single(c => c.Text.Contains("First", StringComparison.Ordinal)).Page);
    }

    [Fact]
    public void A_sentence_longer_than_a_chunk_is_cut_at_spaces()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 100));
        var document = new ExtractedDocument("t", text, [new PageSpan(1, 0, text.Length)], []);

        var chunks = Chunker(max: 9, overlap: 0).Chunk(document);

        Assert.True(chunks.Count >= 11);
        Assert.All(chunks, c => Assert.True(LocalModel.Tokens(c.Text) <= 9));
        Assert.All(chunks, c => Assert.DoesNotContain("wor ", c.Text + " "));
        Assert.Equal(text.Replace(" ", string.Empty), string.Concat(chunks.Select(c => c.Text.Replace(" ", string.Empty))));
    }

    private static string LongMarkdown()
    {
        var filler = string.Join(' ', Enumerable.Range(1, 12).Select(i => $"Sentence number {i} explains a detail of the product."));
        return $"""
            # Manual

            {filler}

            ## Setup

            {filler}

            ### Network

            Configure the proxy before the first start. {filler}

            ## Usage

            {filler}
            """;
    }
}
