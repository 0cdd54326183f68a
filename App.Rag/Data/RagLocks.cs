namespace App.Rag.Data;

/// <summary>The RAG module's keys for <c>App.Data.DatabaseLocks</c>.</summary>
internal static class RagLocks
{
    public const long Schema = 0x5241_0001;
}
