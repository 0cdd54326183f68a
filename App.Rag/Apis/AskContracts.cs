using App.Rag.Answers;

namespace App.Rag.Apis;

/// <param name="Stream">Answer as server-sent events: "sources", then "delta" events, then "done" with the whole answer.</param>
public sealed record AskRequest(string Question, Guid? ConversationId, bool Stream = false);

public sealed record ConversationResponse(Guid Id, Guid CollectionId, IReadOnlyList<ConversationContext> Turns);
