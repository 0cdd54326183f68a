using System.Text.Json;
using App.Rag.Chunking;
using App.Documents;
using App.Rag.Indexing;
using App.Rag.Search;
using App.Rag.Tests.Fixtures;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace App.Rag.Tests.Evaluation;

/// <summary>
/// Retrieval quality over the labeled set: the documents go through the production extraction, chunking and indexes,
/// and a chunk counts as relevant when its span contains the labeled passage. Chunking can change without relabeling.
/// </summary>
public sealed class RetrievalEvaluation
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Evaluation");

    private readonly List<(Guid Id, Guid DocumentId, TextChunk Chunk)> _chunks = [];
    private readonly Dictionary<string, (Guid Id, ExtractedDocument Document)> _documents = [];
    private readonly List<LabeledQuestion> _questions;
    private readonly CollectionIndex _index = new(1);
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;

    private RetrievalEvaluation(List<LabeledQuestion> questions, IEmbeddingGenerator<string, Embedding<float>>? embeddings)
    {
        _questions = questions;
        _embeddings = embeddings;
    }

    public int QuestionCount => _questions.Count;

    public static async Task<RetrievalEvaluation> LoadAsync(IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
    {
        var questions = JsonSerializer.Deserialize<List<LabeledQuestion>>(
            await File.ReadAllTextAsync(Path.Combine(Root, "questions.json")), JsonSerializerOptions.Web)!;
        var evaluation = new RetrievalEvaluation(questions, embeddings);
        var chunker = new Chunker(Options.Create(new ChunkingOptions()));
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "Documents")).Order(StringComparer.Ordinal))
        {
            var document = await Extract.RunAsync(SourceFormat.Markdown, await File.ReadAllBytesAsync(path), Path.GetFileName(path));
            var documentId = Guid.NewGuid();
            evaluation._documents[Path.GetFileName(path)] = (documentId, document);
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

    public async Task<RetrievalMetrics> MeasureAsync(EvaluatedMode mode)
    {
        double recall = 0, reciprocal = 0, ndcg = 0;
        foreach (var question in _questions)
        {
            var relevant = RelevantChunks(question);
            var ranking = await RankAsync(question.Question, mode);
            var firstHit = ranking.FindIndex(relevant.Contains);
            recall += firstHit is >= 0 and < 5 ? 1 : 0;
            reciprocal += firstHit >= 0 ? 1.0 / (firstHit + 1) : 0;
            var dcg = ranking.Take(10).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(10, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
            ndcg += ideal > 0 ? dcg / ideal : 0;
        }

        return new RetrievalMetrics(recall / _questions.Count, reciprocal / _questions.Count, ndcg / _questions.Count);
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

    private async Task<List<Guid>> RankAsync(string question, EvaluatedMode mode)
    {
        var vector = mode == EvaluatedMode.Lexical || _embeddings is null
            ? null
            : (await _embeddings.GenerateAsync([question]))[0].Vector.ToArray();
        return mode switch
        {
            EvaluatedMode.Dense => _index.SearchDense(vector, 10, null).Select(c => c.ChunkId).ToList(),
            _ => Retriever.Retrieve(_index, question, vector, 10, null).Chunks.Select(c => c.ChunkId).ToList(),
        };
    }

    private sealed record LabeledQuestion(string Question, string Document, string Passage);
}

public enum EvaluatedMode
{
    Lexical,
    Dense,
    Hybrid,
}

public sealed record RetrievalMetrics(double RecallAt5, double Mrr, double NdcgAt10);
