using Microsoft.SemanticKernel;

namespace App.Rag.Answers;

/// <summary>
/// The grounded prompt as Semantic Kernel prompt templates (the default <c>{{$variable}}</c> format, chat messages as
/// <c>&lt;message&gt;</c> tags): numbered sources, the previous turn for context, and a fixed reply for "not in the
/// sources". Variables are HTML-encoded when rendered and decoded when the messages are parsed, so a question or a
/// document holding <c>&lt;/message&gt;</c> stays text and cannot add a message of its own.
/// </summary>
public static class AnswerPrompt
{
    public const string NoAnswerMarker = "NO_ANSWER";

    private const string System = """
        <message role="system">You answer questions using only the numbered sources below. After every sentence that uses a source, cite it as [n] with the source's number. Do not use any other knowledge. If the sources do not contain the answer, reply with exactly {{$noAnswer}} and nothing else.

        Sources:

        {{$sources}}</message>
        """;

    private const string Question = """
        <message role="user">{{$question}}</message>
        """;

    private const string PreviousTurn = """
        <message role="user">{{$previousQuestion}}</message>
        <message role="assistant">{{$previousAnswer}}</message>
        """;

    /// <summary>A first question; <see cref="FollowUp"/> when the conversation has a previous turn.</summary>
    public static readonly KernelFunction First = Function("answer", System + "\n" + Question);

    public static readonly KernelFunction FollowUp = Function("answer_follow_up", System + "\n" + PreviousTurn + "\n" + Question);

    public static (KernelFunction Function, KernelArguments Arguments) For(string question, IReadOnlyList<AnswerSource> sources, ConversationContext? previous)
    {
        var arguments = new KernelArguments(new PromptExecutionSettings
        {
            // Read by Semantic Kernel's IChatClient bridge as ChatOptions.Temperature: answers should not vary by sample.
            ExtensionData = new Dictionary<string, object> { ["temperature"] = 0.0 },
        })
        {
            ["noAnswer"] = NoAnswerMarker,
            ["sources"] = string.Join("\n\n", sources.Select(Numbered)),
            ["question"] = question,
        };
        if (previous is null)
        {
            return (First, arguments);
        }

        arguments["previousQuestion"] = previous.Question;
        arguments["previousAnswer"] = previous.Answer;
        return (FollowUp, arguments);
    }

    /// <summary>"[n] title (page p)" and the chunk's text: the number the model cites.</summary>
    private static string Numbered(AnswerSource source) => $"[{source.Number}] {source.Title} (page {source.Page})\n{source.Text}";

    private static KernelFunction Function(string name, string template) =>
        KernelFunctionFactory.CreateFromPrompt(new PromptTemplateConfig(template) { Name = name, TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat });
}
