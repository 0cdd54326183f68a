using App.Rag.Indexing;
using App.Rag.Search;

namespace App.Rag.Tests;

public sealed class LexicalSearchTests
{
    private static readonly (string Id, string Text)[] Corpus =
    [
        ("billing", "Invoices are sent on the first day of each month. Payment is due within 30 days."),
        ("shipping", "Orders ship from our warehouse in Rotterdam. Delivery takes three to five business days."),
        ("returns", "Returned items are refunded to the original payment method after inspection."),
        ("cafe", "The café on the ground floor serves crêpes and coffee until six."),
        ("security", "Passwords are hashed with Argon2 and never stored in plain text."),
        ("noise", "The the the of of and and. It is what it is, and that is that."),
    ];

    [Theory]
    [InlineData("When is payment due for invoices?", "billing")]
    [InlineData("how long does delivery take", "shipping")]
    [InlineData("refund to original payment method", "returns")]
    [InlineData("CAFE CREPES", "cafe")]
    [InlineData("how are passwords stored", "security")]
    public void Bm25_ranks_the_relevant_chunk_first(string query, string expected)
    {
        var (index, ids, _) = Build();

        var results = index.Search(query, 3);

        Assert.NotEmpty(results);
        Assert.Equal(ids[expected], results[0].ChunkId);
    }

    [Fact]
    public void Stop_words_alone_match_nothing()
    {
        var (index, _, _) = Build();

        Assert.Empty(index.Search("what is the and of it", 5));
    }

    [Fact]
    public void Removed_documents_no_longer_match_and_the_rest_still_do()
    {
        var (index, ids, documents) = Build();
        var billingDocument = documents[ids["billing"]];

        index.RemoveDocument(billingDocument);

        Assert.DoesNotContain(index.Search("invoices payment", 10), r => r.DocumentId == billingDocument);
        Assert.Equal(ids["returns"], index.Search("refunded payment method", 1)[0].ChunkId);
        Assert.Equal(Corpus.Length - 1, index.Count);
    }

    [Fact]
    public void Document_filter_restricts_results()
    {
        var (index, ids, documents) = Build();
        var allowed = documents[ids["returns"]];

        var results = index.Search("payment", 10, d => d == allowed);

        Assert.Equal([ids["returns"]], results.Select(r => r.ChunkId));
    }

    [Fact]
    public void Tokenizer_folds_case_and_diacritics_drops_stop_words_and_stems_plurals()
    {
        Assert.Equal(["cafe", "creme", "brulee", "document", "query", "2024"], Tokenizer.Tokenize("The Café's Crème-Brûlée: documents, queries (2024)!"));
    }

    [Fact]
    public void Rrf_rewards_chunks_that_both_lists_rank()
    {
        ScoredChunk S(Guid id) => new(id, Guid.Empty, 1);
        var (a, b, c, d, e) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var fused = ReciprocalRankFusion.Fuse([[S(a), S(b), S(c)], [S(d), S(b), S(e)]]);

        Assert.Equal(b, fused[0].ChunkId);
        Assert.Equal(2.0 / 62, fused[0].Score, 12);
        Assert.Equal([2, 2], fused[0].Ranks.Select(r => r!.Value));
        Assert.Equal(new[] { a, d }.Order(), fused.Skip(1).Take(2).Select(f => f.ChunkId).Order());
        Assert.Equal(1.0 / 61, fused[1].Score, 12);
        Assert.Equal(new[] { c, e }.Order(), fused.Skip(3).Select(f => f.ChunkId).Order());
        Assert.Null(fused.Single(f => f.ChunkId == d).Ranks[0]);
    }

    [Fact]
    public void Weighted_rrf_lets_the_heavier_list_lead_and_k_sets_the_scale()
    {
        ScoredChunk S(Guid id) => new(id, Guid.Empty, 1);
        var (a, d) = (Guid.NewGuid(), Guid.NewGuid());

        var fused = ReciprocalRankFusion.Fuse([[S(a)], [S(d)]], k: 10, weights: [0.5, 2.0]);

        Assert.Equal(d, fused[0].ChunkId);
        Assert.Equal(2.0 / 11, fused[0].Score, 12);
        Assert.Equal(0.5 / 11, fused[1].Score, 12);
    }

    private static (Bm25Index Index, Dictionary<string, Guid> Ids, Dictionary<Guid, Guid> Documents) Build()
    {
        var index = new Bm25Index();
        var ids = new Dictionary<string, Guid>();
        var documents = new Dictionary<Guid, Guid>();
        foreach (var (id, text) in Corpus)
        {
            var chunkId = Guid.NewGuid();
            documents[chunkId] = Guid.NewGuid();
            ids[id] = chunkId;
            index.Add(new IndexedChunk(chunkId, documents[chunkId], text));
        }

        return (index, ids, documents);
    }
}
