namespace App.Rag.Answers;

public sealed record AnswerRecord(
    string Answer,
    string Mode,
    bool NoResult,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<AnswerSource> Sources,
    Guid ConversationId);

public static class AnswerModes
{
    public const string Generative = "generative";
    public const string Extractive = "extractive";
}
