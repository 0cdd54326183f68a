namespace App.Rag.Answers;

/// <summary>The previous turn of a conversation, decrypted, used to interpret a follow-up question.</summary>
public sealed record ConversationContext(string Question, string Answer);
