using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Google.Protobuf.Collections;
using Microsoft.Extensions.VectorData;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace App.Rag.VectorStore;

/// <summary>
/// The chunk collection on a Qdrant server (Qdrant.Client over gRPC), hand-written because no Semantic Kernel Qdrant
/// connector is served here. One point per chunk: the chunk id as the point id, the vector under cosine distance, the
/// other fields as payload, keyword-indexed ids for the filters. Tested by the same contract as the embedded
/// collection where <c>ConnectionStrings__vectors</c> names a server.
/// </summary>
public sealed class QdrantChunkCollection(QdrantClient client, string name, int dimensions) : ChunkCollection(name, dimensions)
{
    private const string TenantField = "tenant_id";
    private const string CollectionField = "collection_id";
    private const string DocumentField = "document_id";

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        client.CollectionExistsAsync(Name, cancellationToken);

    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        if (await client.CollectionExistsAsync(Name, cancellationToken))
        {
            return;
        }

        await client.CreateCollectionAsync(
            Name, new VectorParams { Size = (ulong)Dimensions!.Value, Distance = Distance.Cosine }, cancellationToken: cancellationToken);
        foreach (var field in new[] { TenantField, CollectionField, DocumentField })
        {
            await client.CreatePayloadIndexAsync(Name, field, PayloadSchemaType.Keyword, cancellationToken: cancellationToken);
        }
    }

    public override async Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        if (await client.CollectionExistsAsync(Name, cancellationToken))
        {
            await client.DeleteCollectionAsync(Name, cancellationToken: cancellationToken);
        }
    }

    public override async Task UpsertAsync(IEnumerable<ChunkVectorRecord> records, CancellationToken cancellationToken = default)
    {
        var points = records.Select(r => new PointStruct
        {
            Id = Id(r.Key),
            Vectors = CheckedVector(r).ToArray(),
            Payload =
            {
                [TenantField] = r.TenantId.ToString(),
                [CollectionField] = r.CollectionId.ToString(),
                [DocumentField] = r.DocumentId.ToString(),
                ["page"] = r.Page,
                ["start"] = r.Start,
                ["end"] = r.End,
                ["text"] = r.Text,
            },
        }).ToList();
        if (points.Count > 0)
        {
            await client.UpsertAsync(Name, points, wait: true, cancellationToken: cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChunkVectorRecord> GetAsync(
        IEnumerable<Guid> keys, RecordRetrievalOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ids = keys.Select(Id).ToList();
        if (ids.Count == 0)
        {
            yield break;
        }

        var points = await client.RetrieveAsync(
            Name, ids, withPayload: true, withVectors: options?.IncludeVectors == true, cancellationToken: cancellationToken);
        foreach (var point in points)
        {
            yield return Record(point.Id, point.Payload, point.Vectors);
        }
    }

    public override async IAsyncEnumerable<ChunkVectorRecord> GetAsync(
        Expression<Func<ChunkVectorRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkVectorRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (options?.OrderBy is not null)
        {
            throw OrderingNotSupported();
        }

        var skip = options?.Skip ?? 0;
        var response = await client.ScrollAsync(
            Name, Filter(ChunkFilter.Parse(filter)), (uint)(top + skip), payloadSelector: true,
            vectorsSelector: options?.IncludeVectors == true, cancellationToken: cancellationToken);
        foreach (var point in response.Result.Skip(skip))
        {
            yield return Record(point.Id, point.Payload, point.Vectors);
        }
    }

    public override async Task DeleteAsync(IEnumerable<Guid> keys, CancellationToken cancellationToken = default)
    {
        var ids = keys.Select(Id).ToList();
        if (ids.Count > 0)
        {
            await client.DeleteAsync(Name, ids, wait: true, cancellationToken: cancellationToken);
        }
    }

    public override async IAsyncEnumerable<VectorSearchResult<ChunkVectorRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkVectorRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = QueryVector(searchValue);
        var points = await client.QueryAsync(
            Name, query.ToArray(), filter: Filter(ChunkFilter.Parse(options?.Filter)), limit: (ulong)top, offset: (ulong)(options?.Skip ?? 0),
            payloadSelector: true, vectorsSelector: options?.IncludeVectors == true, scoreThreshold: (float?)options?.ScoreThreshold,
            cancellationToken: cancellationToken);
        foreach (var point in points)
        {
            yield return new VectorSearchResult<ChunkVectorRecord>(Record(point.Id, point.Payload, point.Vectors), point.Score);
        }
    }

    private static PointId Id(Guid key) => new() { Uuid = key.ToString() };

    private static Filter? Filter(ChunkFilter filter)
    {
        if (filter.Equalities.Count == 0)
        {
            return null;
        }

        var result = new Filter();
        foreach (var (field, value) in filter.Equalities)
        {
            var payloadField = field switch
            {
                nameof(ChunkVectorRecord.TenantId) => TenantField,
                nameof(ChunkVectorRecord.CollectionId) => CollectionField,
                _ => DocumentField,
            };
            result.Must.Add(Conditions.MatchKeyword(payloadField, value.ToString()));
        }

        return result;
    }

    private static ChunkVectorRecord Record(PointId id, MapField<string, Value> payload, VectorsOutput? vectors) => new()
    {
        Key = Guid.Parse(id.Uuid),
        TenantId = Guid.Parse(payload[TenantField].StringValue),
        CollectionId = Guid.Parse(payload[CollectionField].StringValue),
        DocumentId = Guid.Parse(payload[DocumentField].StringValue),
        Page = (int)payload["page"].IntegerValue,
        Start = (int)payload["start"].IntegerValue,
        End = (int)payload["end"].IntegerValue,
        Text = payload["text"].StringValue,
        Vector = vectors?.Vector is { } vector ? Dense(vector) : null,
    };

    /// <summary>Older servers send the dense vector in the deprecated <c>data</c> field, newer ones as <c>dense</c>.</summary>
    private static float[] Dense(VectorOutput vector)
    {
        if (vector.VectorCase == VectorOutput.VectorOneofCase.Dense)
        {
            return [.. vector.Dense.Data];
        }

#pragma warning disable CS0612 // the deprecated field is what those servers fill
        return [.. vector.Data];
#pragma warning restore CS0612
    }
}
