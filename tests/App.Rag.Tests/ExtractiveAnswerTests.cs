using App.AI;
using App.Documents;
using App.KnowledgeBase.Chunking;
using App.Rag.Answers;
using App.Rag.Indexing;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests;

/// <summary>Extractive answers over the real local embedding model: sentences chosen by lexical and dense similarity.</summary>
public sealed class ExtractiveAnswerTests(ExtractiveAnswerTests.Model model) : IClassFixture<ExtractiveAnswerTests.Model>
{
    public sealed class Model : IDisposable
    {
        public LocalEmbeddingGenerator Generator { get; } = new(Options.Create(new LocalEmbeddingOptions()));

        public void Dispose() => Generator.Dispose();
    }

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
    [InlineData("How much vacation time do staff get?", "25 days of paid leave")]
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

    [Fact]
    public async Task Without_an_embedding_model_a_reworded_question_finds_no_sentence()
    {
        var (_, answer) = await AnswerAsync("How much vacation time do staff get?", dense: false);

        Assert.True(answer.NoResult);
    }

    private async Task<(ExtractedDocument Document, ComposedAnswer Answer)> AnswerAsync(string question, bool dense = true)
    {
        var document = await Extract.RunAsync(SourceFormat.Markdown, Handbook);
        var documentId = Guid.NewGuid();
        var chunks = new Chunker(Options.Create(new ChunkingOptions { MaxTokens = 32, OverlapTokens = 8 }), LocalModel.Embedding).Chunk(document);
        var ids = chunks.ToDictionary(_ => Guid.NewGuid());
        var index = new CollectionIndex(1);
        var generator = dense ? model.Generator : null;
        var vectors = generator is null ? null : (await generator.GenerateAsync(ids.Values.Select(c => c.Text))).Zip(ids.Keys).ToDictionary(p => p.Second, p => p.First.Vector.ToArray());
        index.Add(ids.Select(c => new IndexedChunk(c.Key, documentId, c.Value.Text)), vectors);
        var queryVector = generator is null ? null : (await generator.GenerateAsync([question]))[0].Vector.ToArray();

        var retrieval = Retriever.Retrieve(index, question, queryVector, top: 5, documentFilter: null);
        var sources = retrieval.Chunks.Select((c, i) =>
        {
            var chunk = ids[c.ChunkId];
            return new AnswerSource(i + 1, c.ChunkId, documentId, document.Title, chunk.Page, chunk.Start, chunk.End, chunk.HeadingPath, chunk.Text);
        }).ToList();
        var answerer = new ExtractiveAnswerer(Options.Create(new AnswerOptions()), generator);
        return (document, sources.Count == 0 ? answerer.NoResult()
            : await answerer.ComposeAsync(question, sources, index.TermWeights(question), (_, offset) => document.PageAt(offset)));
    }
}
