// Retrieval benchmark on synthetic text: ingestion (chunking + indexing) in chunks/second, hybrid search latency p50/p95 at
// 10k and 100k chunks, and managed memory per 100k chunks. Run from the repository root:
//
//   dotnet run -c Release --project bench/rag/App.Rag.Bench.csproj
//
// With `embeddings [batch] [rounds]`: the local embedding model's throughput against a raw ONNX Runtime loop (EmbeddingThroughput).
//
// Speed lives here, not in the tests. The text is generated from a fixed seed, so runs are comparable.
using System.Diagnostics;
using App.AI;
using App.KnowledgeBase.Chunking;
using App.Documents;
using App.Rag.Indexing;
using App.Rag.Search;
using Microsoft.Extensions.Options;

var vocabulary = Enumerable.Range(0, 20_000).Select(i => Word(new Random(i))).Distinct().ToArray();
var embeddingModel = new EmbeddingModel(LocalEmbeddingGenerator.ModelId, null, LocalEmbeddingGenerator.CreateTokenizer());
var chunker = new Chunker(Options.Create(new ChunkingOptions()), embeddingModel);
if (args is ["embeddings", ..])
{
    await EmbeddingThroughput.RunAsync(chunker, args.Length > 1 ? int.Parse(args[1]) : 16, args.Length > 2 ? int.Parse(args[2]) : 5);
    return;
}

Console.WriteLine($"{"chunks",8} {"chunk/s",10} {"index/s",10} {"p50 ms",8} {"p95 ms",8} {"MB",8}");
foreach (var target in new[] { 10_000, 100_000 })
{
    Run(target);
}

void Run(int target)
{
    var random = new Random(42);
    var documents = new List<ExtractedDocument>();
    var characters = 0;
    while (characters < target * 700)
    {
        var document = Document(random);
        documents.Add(document);
        characters += document.Text.Length;
    }

    var timer = Stopwatch.StartNew();
    var chunks = new List<IndexedChunk>();
    foreach (var document in documents)
    {
        var documentId = Guid.NewGuid();
        chunks.AddRange(chunker.Chunk(document).Select(c => new IndexedChunk(Guid.NewGuid(), documentId, c.Text)));
        if (chunks.Count >= target)
        {
            break;
        }
    }

    chunks = chunks.Take(target).ToList();
    var chunkingRate = chunks.Count / timer.Elapsed.TotalSeconds;
    GC.Collect();
    var before = GC.GetTotalMemory(forceFullCollection: true);
    timer.Restart();
    // Random unit vectors in the model's 384 dimensions: the exact dense index costs the same whatever the values.
    var vectorRandom = new Random(11);
    var vectors = chunks.ToDictionary(c => c.ChunkId, _ => RandomUnitVector(vectorRandom));
    var index = new CollectionIndex(1);
    index.Add(chunks, vectors);
    var indexingRate = chunks.Count / timer.Elapsed.TotalSeconds;
    var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
    GC.KeepAlive(index);

    var latencies = new List<double>();
    var queries = new Random(7);
    for (var i = 0; i < 300; i++)
    {
        var query = string.Join(' ', Enumerable.Range(0, 4).Select(_ => vocabulary[queries.Next(vocabulary.Length)]));
        var queryVector = RandomUnitVector(queries);
        var started = Stopwatch.GetTimestamp();
        Retriever.Retrieve(index, query, queryVector, top: 10, documentFilter: null);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    latencies.Sort();
    // Index memory only, vectors included (chunk texts live in the database, not in the index), scaled to 100k chunks.
    var megabytesPer100K = bytes / 1024.0 / 1024.0 * 100_000 / chunks.Count;
    Console.WriteLine($"{chunks.Count,8} {chunkingRate,10:F0} {indexingRate,10:F0} {latencies[latencies.Count / 2],8:F2} {latencies[(int)(latencies.Count * 0.95)],8:F2} {megabytesPer100K,8:F0}");
}

ExtractedDocument Document(Random random)
{
    var builder = new TextBuilder();
    for (var section = 0; section < 6; section++)
    {
        builder.AppendHeading(2, Sentence(random, 4).TrimEnd('.'));
        for (var paragraph = 0; paragraph < 3; paragraph++)
        {
            builder.AppendBlock(string.Join(' ', Enumerable.Range(0, random.Next(3, 8)).Select(_ => Sentence(random, random.Next(6, 20)))));
        }
    }

    return builder.Build("synthetic", "synthetic.md");
}

string Sentence(Random random, int words)
{
    // Zipf-like: a few common words and a long tail, as in real text.
    var text = string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[(int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3))]));
    return char.ToUpperInvariant(text[0]) + text[1..] + ".";
}

static float[] RandomUnitVector(Random random)
{
    var vector = Enumerable.Range(0, LocalEmbeddingGenerator.Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm(vector), vector);
    return vector;
}

static string Word(Random random) =>
    new(Enumerable.Range(0, random.Next(3, 10)).Select(_ => (char)('a' + random.Next(26))).ToArray());
