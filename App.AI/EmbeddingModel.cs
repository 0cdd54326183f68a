using Microsoft.ML.Tokenizers;

namespace App.AI;

/// <summary>
/// The embedding model this process uses, registered always: <c>ConnectionStrings:embeddings</c> when set, otherwise the
/// local model. <see cref="Id"/> (name and version) is stored beside every vector, so vectors of two models are never
/// compared. <see cref="Tokenizer"/> sizes texts for the model's window: the local model's own; for an endpoint the same
/// BERT vocabulary, an approximation of the remote model's count.
/// </summary>
public sealed record EmbeddingModel(string Id, ModelConnection? Connection, Tokenizer Tokenizer)
{
    public const string ConnectionName = "embeddings";

    /// <summary>True when the vectors come from a configured endpoint rather than the local model.</summary>
    public bool IsRemote => Connection is not null;
}
