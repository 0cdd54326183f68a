using App.KnowledgeBase.Data;
using App.Rag.Search;

namespace App.Rag.Answers;

/// <summary>Everything an answer needs, resolved before the response starts (so a 404 is still possible).</summary>
public sealed record AskPreparation(
    string Question,
    Conversation Conversation,
    ConversationContext? Previous,
    SearchOutcome Search,
    IReadOnlyList<AnswerSource> Sources);
