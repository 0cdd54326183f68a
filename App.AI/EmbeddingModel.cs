namespace App.AI;

/// <summary>
/// The embedding model this process uses, registered always: <c>ConnectionStrings:embeddings</c> when set, otherwise the
/// local model. <see cref="Id"/> is stored beside every vector, so vectors of two models are never compared.
/// </summary>
public sealed record EmbeddingModel(string Id, ModelConnection? Connection)
{
    public const string ConnectionName = "embeddings";

    /// <summary>True when the vectors come from a configured endpoint rather than the local model.</summary>
    public bool IsRemote => Connection is not null;
}
