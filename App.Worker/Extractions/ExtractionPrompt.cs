using System.Globalization;
using System.Text;
using App.Extractions;
using Microsoft.Extensions.AI;

namespace App.Worker.Extractions;

/// <summary>The messages of one model call: what to extract from which page, and how to correct an invalid answer.</summary>
public static class ExtractionPrompt
{
    public static List<ChatMessage> Start(ExtractionSchema schema, string? instructions, bool schemaInPrompt, PagePart part)
    {
        var heading = part.Parts > 1
            ? string.Create(CultureInfo.InvariantCulture, $"Page {part.Page} of {part.Pages} (part {part.Part} of {part.Parts}):")
            : string.Create(CultureInfo.InvariantCulture, $"Page {part.Page} of {part.Pages}:");
        return [System(schema, instructions, schemaInPrompt), new ChatMessage(ChatRole.User, $"{heading}\n\n{part.Text}")];
    }

    /// <param name="schemaInPrompt">False when the schema goes as the response format (structured output).</param>
    public static ChatMessage System(ExtractionSchema schema, string? instructions, bool schemaInPrompt)
    {
        var system = new StringBuilder("""
            You extract structured data from one page of a document. Answer with one JSON object and nothing else.
            Take every value from the page's text; never invent one. Leave out page numbers: the system records the page.
            """);
        system.Append(schemaInPrompt
            ? $"\nThe object must be valid against this JSON Schema:\n{schema.ForModel.GetRawText()}\n"
            : "\nThe object must be valid against the JSON Schema given as the response format.\n");
        if (instructions is not null)
        {
            system.Append("\nInstructions from the requester:\n").Append(instructions).Append('\n');
        }

        return new ChatMessage(ChatRole.System, system.ToString());
    }

    public static void AddRepair(List<ChatMessage> messages, string answer, IReadOnlyList<string> errors)
    {
        messages.Add(new ChatMessage(ChatRole.Assistant, answer));
        messages.Add(new ChatMessage(ChatRole.User,
            $"That answer is not valid:\n{string.Join('\n', errors.Select(e => $"- {e}"))}\nAnswer again with only the corrected JSON object."));
    }
}

/// <summary>The text sent in one model call: part <see cref="Part"/> of <see cref="Parts"/> of page <see cref="Page"/>.</summary>
public sealed record PagePart(int Page, int Pages, int Part, int Parts, string Text);
