using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using App.Identity.Authorization;
using App.Rag.Answers;
using App.Rag.Conversations;
using App.Rag.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace App.Rag.Apis;

public static class AskApi
{
    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collections/{id:guid}").WithTags("Answers")
            .RequireAuthorization(AppPolicies.Documents)
            .ScopeToCallerTenant();
        group.MapPost("/ask", AskAsync).WithName("Ask")
            .WithSummary("Answers a question from the collection with numbered citations (server-sent events when stream is true)");
        group.MapGet("/conversations/{conversationId:guid}", GetConversationAsync).WithName("GetConversation")
            .WithSummary("The caller's own conversation, decrypted");
        return app;
    }

    private static async Task<Results<Ok<AnswerRecord>, ServerSentEventsResult<string>, NotFound, ValidationProblem>> AskAsync(
        Guid id, AskRequest request, AnswerService answers, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Question) || request.Question.Length > 2000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["question"] = ["A question of 1 to 2000 characters is required."],
            });
        }

        var ask = await answers.PrepareAsync(id, request.Question.Trim(), request.ConversationId, cancellationToken);
        if (ask is null)
        {
            return TypedResults.NotFound();
        }

        if (request.Stream)
        {
            return TypedResults.ServerSentEvents(Events(answers.StreamAsync(ask, cancellationToken), json.Value.SerializerOptions, cancellationToken));
        }

        await foreach (var item in answers.StreamAsync(ask, cancellationToken))
        {
            if (item is DoneEvent done)
            {
                return TypedResults.Ok(done.Answer);
            }
        }

        throw new InvalidOperationException("The answer stream ended without a result.");
    }

    private static async Task<Results<Ok<ConversationResponse>, NotFound>> GetConversationAsync(
        Guid id, Guid conversationId, ConversationStore conversations, ICallerContext caller, CancellationToken cancellationToken)
    {
        var conversation = await conversations.FindAsync(conversationId, id, caller.UserId, cancellationToken);
        return conversation is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ConversationResponse(conversation.Id, id, await conversations.TurnsAsync(conversation.Id, cancellationToken)));
    }

    /// <summary>Each event's data is its payload as JSON, serialized with the API's own options (camelCase).</summary>
    private static async IAsyncEnumerable<SseItem<string>> Events(
        IAsyncEnumerable<AnswerEvent> events, JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in events.WithCancellation(cancellationToken))
        {
            object payload = item switch
            {
                SourcesEvent sources => sources.Sources,
                DeltaEvent delta => new { text = delta.Text },
                DoneEvent done => done.Answer,
                _ => throw new InvalidOperationException($"Unknown answer event {item.Name}."),
            };
            yield return new SseItem<string>(JsonSerializer.Serialize(payload, options), item.Name);
        }
    }
}
