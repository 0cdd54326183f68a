using App.Rag.Answers;
using App.Rag.Chunking;
using App.Documents;
using App.Rag.Indexing;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests;

public sealed class ExtractiveAnswerTests
{
    private const string Handbook = """
        # Employee handbook

        ## Leave

        Every employee has 25 days of paid leave per year. Unused leave expires at the end of March of the following year.
        Requests for leave longer than two weeks need the approval of a director.

        ## Equipment

        New employees receive a laptop on their first day. Laptops are replaced every three years.
        Lost equipment must be reported to the IT desk within 24 hours.

        ## Travel

        Train travel is preferred over flights for trips shorter than four hours.
        """;

    [Theory]
    [InlineData("How many days of paid leave does an employee have?", "25 days of paid leave")]
    [InlineData("When are laptops replaced?", "replaced every three years")]
    [InlineData("Within how many hours must lost equipment be reported?", "within 24 hours")]
    public async Task Every_cited_quote_is_the_source_text_at_its_span(string question, string expected)
    {
        var (document, answer) = await AnswerAsync(question);

        Assert.False(answer.NoResult);
        Assert.NotEmpty(answer.Citations);
        Assert.Contains(expected, answer.Citations[0].Quote);
        foreach (var citation in answer.Citations)
        {
            Assert.Equal(document.Text[citation.Start..citation.End], citation.Quote);
            Assert.Contains($"[{citation.Number}]", answer.Text);
        }
    }

    [Fact]
    public async Task A_question_the_documents_do_not_answer_gets_no_result()
    {
        var (_, answer) = await AnswerAsync("What is the capital of Australia?");

        Assert.True(answer.NoResult);
        Assert.Empty(answer.Citations);
        Assert.Equal(new AnswerOptions().NoResultText, answer.Text);
    }

    [Fact]
    public async Task A_loosely_related_question_is_not_answered_with_a_random_sentence()
    {
        var (_, answer) = await AnswerAsync("Which airline do employees fly with to Sydney?");

        Assert.True(answer.NoResult);
    }

    private static async Task<(ExtractedDocument Document, ComposedAnswer Answer)> AnswerAsync(string question)
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, Handbook);
        var documentId = Guid.NewGuid();
        var chunks = new Chunker(Options.Create(new ChunkingOptions { MaxChars = 160, OverlapChars = 40 })).Chunk(document);
        var ids = chunks.ToDictionary(_ => Guid.NewGuid());
        var index = new CollectionIndex(1);
        index.Add(ids.Select(c => new IndexedChunk(c.Key, documentId, c.Value.Text)));

        var retrieval = Retriever.Retrieve(index, question, queryVector: null, top: 5, documentFilter: null);
        var sources = retrieval.Chunks.Select((c, i) =>
        {
            var chunk = ids[c.ChunkId];
            return new AnswerSource(i + 1, c.ChunkId, documentId, document.Title, chunk.Page, chunk.Start, chunk.End, chunk.HeadingPath, chunk.Text);
        }).ToList();
        var answerer = new ExtractiveAnswerer(Options.Create(new AnswerOptions()));
        return (document, sources.Count == 0 ? answerer.NoResult() : answerer.Compose(sources, index.TermWeights(question), (_, offset) => document.PageAt(offset)));
    }
}
