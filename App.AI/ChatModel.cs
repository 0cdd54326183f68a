namespace App.AI;

/// <summary>
/// Whether a chat model is configured (<c>ConnectionStrings:chat</c>), registered always: a service asks this before it
/// asks for an <see cref="Microsoft.Extensions.AI.IChatClient"/>, which is registered only when one is, and answers
/// 503 <c>model_unavailable</c> otherwise.
/// </summary>
public sealed record ChatModel(ModelConnection? Connection)
{
    public const string ConnectionName = "chat";

    public bool IsConfigured => Connection is not null;

    /// <summary>The model's name, for logs and responses; null when none is configured.</summary>
    public string? Name => Connection?.Model;
}
