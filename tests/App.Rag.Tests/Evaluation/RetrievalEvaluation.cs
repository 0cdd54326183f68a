using System.Text.Json;
using App.Documents;
using App.KnowledgeBase.Chunking;
using App.Rag.Answers;
using App.Rag.Indexing;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests.Evaluation;

/// <summary>
/// Retrieval quality over the labeled set: the documents go through the production extraction, chunking and indexes,
/// and a chunk counts as relevant when its span contains the labeled passage. Chunking can change without relabeling.
/// Documents are the Markdown files under Evaluation/Documents and the manual pages the questions name ("man:sed"):
/// real public text that Debian installs (coreutils, grep, sed, tar, gzip; sox, espeak-ng, poppler-utils and
/// postgresql from scripts/install-deps.sh), rendered by man(1) on one line per paragraph.
/// </summary>
public sealed class RetrievalEvaluation
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Evaluation");

    private readonly List<(Guid Id, Guid DocumentId, TextChunk Chunk)> _chunks = [];
    private readonly Dictionary<string, (Guid Id, ExtractedDocument Document)> _documents = [];
    private readonly List<LabeledQuestion> _questions;
    private readonly CollectionIndex _index = new(1);
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private readonly Dictionary<string, float[]> _queryVectors = [];

    private RetrievalEvaluation(List<LabeledQuestion> questions, IEmbeddingGenerator<string, Embedding<float>>? embeddings)
    {
        _questions = questions;
        _embeddings = embeddings;
    }

    private const string ManPrefix = "man:";

    public int QuestionCount => _questions.Count;

    public int DocumentCount => _documents.Count;

    public int RewordedCount => _questions.Count(q => q.Reworded);

    public static async Task<RetrievalEvaluation> LoadAsync(IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
    {
        var questions = JsonSerializer.Deserialize<List<LabeledQuestion>>(
            await File.ReadAllTextAsync(Path.Combine(Root, "questions.json")), JsonSerializerOptions.Web)!;
        var evaluation = new RetrievalEvaluation(questions, embeddings);
        var chunker = new Chunker(Options.Create(new ChunkingOptions()), LocalModel.Embedding);
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "Documents")).Order(StringComparer.Ordinal))
        {
            var document = await Extract.RunAsync(SourceFormat.Markdown, await File.ReadAllBytesAsync(path), Path.GetFileName(path));
            var documentId = Guid.NewGuid();
            evaluation._documents[Path.GetFileName(path)] = (documentId, document);
            evaluation._chunks.AddRange(chunker.Chunk(document).Select(c => (Guid.NewGuid(), documentId, c)));
        }

        foreach (var page in questions.Select(q => q.Document).Where(d => d.StartsWith(ManPrefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal))
        {
            var document = await Extract.RunAsync(SourceFormat.Text, await RenderManPageAsync(page[ManPrefix.Length..]), page);
            var documentId = Guid.NewGuid();
            evaluation._documents[page] = (documentId, document);
            evaluation._chunks.AddRange(chunker.Chunk(document).Select(c => (Guid.NewGuid(), documentId, c)));
        }

        var vectors = new Dictionary<Guid, float[]>();
        if (embeddings is not null)
        {
            var generated = await embeddings.GenerateAsync(evaluation._chunks.Select(c => c.Chunk.Text));
            for (var i = 0; i < evaluation._chunks.Count; i++)
            {
                vectors[evaluation._chunks[i].Id] = generated[i].Vector.ToArray();
            }
        }

        evaluation._index.Add(evaluation._chunks.Select(c => new IndexedChunk(c.Id, c.DocumentId, c.Chunk.Text)), vectors);
        return evaluation;
    }

    /// <param name="rewordedOnly">Only the questions worded unlike their document.</param>
    /// <param name="fusion">Hybrid's fusion parameters; the service's defaults when null.</param>
    public async Task<RetrievalMetrics> MeasureAsync(EvaluatedMode mode, bool rewordedOnly = false, FusionOptions? fusion = null)
    {
        double recall = 0, reciprocal = 0, ndcg = 0;
        var questions = _questions.Where(q => !rewordedOnly || q.Reworded).ToList();
        foreach (var question in questions)
        {
            var relevant = RelevantChunks(question);
            var ranking = await RankAsync(question.Question, mode, fusion);
            var firstHit = ranking.FindIndex(relevant.Contains);
            recall += firstHit is >= 0 and < 5 ? 1 : 0;
            reciprocal += firstHit >= 0 ? 1.0 / (firstHit + 1) : 0;
            var dcg = ranking.Take(10).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
            ndcg += ideal > 0 ? dcg / ideal : 0;
        }

        return new RetrievalMetrics(recall / questions.Count, reciprocal / questions.Count, ndcg / questions.Count);
    }

    /// <summary>The share of questions whose extractive answer (over the top five hybrid chunks) cites the labeled passage.</summary>
    public async Task<double> ExtractiveAnswerShareAsync(ExtractiveAnswerer answerer)
    {
        var answered = 0;
        foreach (var question in _questions)
        {
            var vector = await QueryVectorAsync(question.Question);
            var sources = Retriever.Retrieve(_index, question.Question, vector, 5, null).Chunks.Select((c, i) =>
            {
                var (_, documentId, chunk) = _chunks.Single(x => x.Id == c.ChunkId);
                return new AnswerSource(i + 1, c.ChunkId, documentId, question.Document, chunk.Page, chunk.Start, chunk.End, chunk.HeadingPath, chunk.Text);
            }).ToList();
            var answer = await answerer.ComposeAsync(question.Question, sources, _index.TermWeights(question.Question), (_, _) => 1);
            answered += answer.Citations.Any(c => c.Quote.Contains(question.Passage, StringComparison.Ordinal)) ? 1 : 0;
        }

        return (double)answered / _questions.Count;
    }

    private static async Task<string> RenderManPageAsync(string page)
    {
        var start = new System.Diagnostics.ProcessStartInfo("man", ["--no-hyphenation", "--no-justification", page])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["MANWIDTH"] = "1000", ["LANG"] = "C.UTF-8", ["MANPAGER"] = "cat", ["PAGER"] = "cat" },
        };
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException("man(1) did not start: install man-db (scripts/install-deps.sh).");
        var text = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 && text.Length > 0
            ? text
            : throw new InvalidOperationException($"man {page} failed ({process.ExitCode}): {error.Trim()} Run scripts/install-deps.sh.");
    }

    private HashSet<Guid> RelevantChunks(LabeledQuestion question)
    {
        var (documentId, document) = _documents[question.Document];
        var offset = document.Text.IndexOf(question.Passage, StringComparison.Ordinal);
        if (offset < 0)
        {
            throw new InvalidOperationException($"The passage for \"{question.Question}\" is not in {question.Document}.");
        }

        return _chunks.Where(c => c.DocumentId == documentId && c.Chunk.Start <= offset && offset < c.Chunk.End).Select(c => c.Id).ToHashSet();
    }

    private async Task<List<Guid>> RankAsync(string question, EvaluatedMode mode, FusionOptions? fusion)
    {
        var vector = mode == EvaluatedMode.Lexical ? null : await QueryVectorAsync(question);
        return mode switch
        {
            EvaluatedMode.Dense => _index.SearchDense(vector, 10, null).Select(c => c.ChunkId).ToList(),
            _ => Retriever.Retrieve(_index, question, vector, 10, null, fusion).Chunks.Select(c => c.ChunkId).ToList(),
        };
    }

    private async Task<float[]?> QueryVectorAsync(string question)
    {
        if (_embeddings is null)
        {
            return null;
        }

        if (!_queryVectors.TryGetValue(question, out var vector))
        {
            _queryVectors[question] = vector = (await _embeddings.GenerateAsync([question]))[0].Vector.ToArray();
        }

        return vector;
    }

    /// <param name="Reworded">Worded unlike the document (few shared terms): what dense retrieval is for.</param>
    private sealed record LabeledQuestion(string Question, string Document, string Passage, bool Reworded = false);
}

public enum EvaluatedMode
{
    Lexical,
    Dense,
    Hybrid,
}

public sealed record RetrievalMetrics(double RecallAt5, double Mrr, double NdcgAt10);
