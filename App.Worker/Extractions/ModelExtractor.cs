using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Extractions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

using App.Worker.Jobs;

namespace App.Worker.Extractions;

/// <summary>
/// Sends each page (in parts that fit the model's context) to the chat model with the schema, validates every answer,
/// sends an invalid one back with its errors up to <see cref="ExtractionWorkerOptions.MaxRepairs"/> times, and merges
/// the pages' answers in page order. Every item of an item list gets the page it came from, set here: the model is never
/// asked for it and never trusted with it.
/// </summary>
public sealed partial class ModelExtractor(
    IChatClient chat, PageSplitter splitter, IOptions<ExtractionWorkerOptions> options, ILogger<ModelExtractor> logger)
{
    private readonly ExtractionWorkerOptions _options = options.Value;

    /// <param name="pageDone">Called once per page as it finishes (pages finish in any order).</param>
    /// <exception cref="JobFailedException">The model timed out, stayed unavailable, refused, or kept answering invalid JSON.</exception>
    public async Task<(JsonElement Data, ExtractionUsage Usage)> ExtractAsync(
        IReadOnlyList<string> pages, ExtractionSchema schema, string? instructions, Func<Task> pageDone, CancellationToken cancellationToken)
    {
        var call = new CallState(_options.StructuredOutput);
        var answers = new JsonObject?[pages.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, pages.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.PageConcurrency), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var parts = pages[index].Trim().Length == 0 ? [] : splitter.Split(pages[index]);
                answers[index] = new JsonObject?[parts.Count];
                for (var p = 0; p < parts.Count; p++)
                {
                    var part = new PagePart(index + 1, pages.Count, p + 1, parts.Count, parts[p]);
                    answers[index][p] = await AskAsync(part, schema, instructions, call, token);
                }

                await pageDone();
            });

        var merged = Merge(answers.SelectMany(a => a).OfType<JsonObject>(), schema);
        var data = JsonSerializer.SerializeToElement(merged);
        var errors = schema.Validate(data);
        if (errors.Count > 0)
        {
            throw new JobFailedException(ExtractionErrorCodes.InvalidModelOutput,
                "The pages' valid answers do not merge into a valid result.", retryable: false,
                new ExtractionFailure(null, merged.ToJsonString(), errors));
        }

        return (data, call.Usage);
    }

    private async Task<JsonObject> AskAsync(PagePart part, ExtractionSchema schema, string? instructions, CallState call, CancellationToken cancellationToken)
    {
        var messages = ExtractionPrompt.Start(schema, instructions, !call.Structured, part);
        string answer = "";
        IReadOnlyList<string> errors = [];
        for (var attempt = 0; attempt <= _options.MaxRepairs; attempt++)
        {
            if (attempt > 0)
            {
                ExtractionPrompt.AddRepair(messages, answer, errors);
                LogRepair(part.Page, attempt, errors.Count);
            }

            answer = await CallAsync(messages, schema, instructions, call, cancellationToken);
            var (parsed, problems) = Check(answer, schema, part.Page);
            if (parsed is not null)
            {
                return parsed;
            }

            errors = problems;
        }

        throw new JobFailedException(ExtractionErrorCodes.InvalidModelOutput,
            $"Page {part.Page}: the model's answer was still invalid after {_options.MaxRepairs} repair(s): {errors[0]}", retryable: false,
            new ExtractionFailure(part.Page, answer, errors));
    }

    private async Task<string> CallAsync(
        List<ChatMessage> messages, ExtractionSchema schema, string? instructions, CallState call, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ModelCallTimeout);
            var structured = call.Structured;
            messages[0] = ExtractionPrompt.System(schema, instructions, schemaInPrompt: !structured);
            var chatOptions = new ChatOptions
            {
                Temperature = 0,
                ResponseFormat = structured ? ChatResponseFormat.ForJsonSchema(schema.ForModel, "extraction") : null,
            };
            try
            {
                var response = await chat.GetResponseAsync(messages, chatOptions, timeout.Token);
                call.Add(new ExtractionUsage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, 1));
                return response.Text;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new JobFailedException(ExtractionErrorCodes.ModelTimeout,
                    $"The model did not answer within {_options.ModelCallTimeout}.", retryable: true);
            }
            catch (ClientResultException e) when (e.Status == 400 && structured)
            {
                // An endpoint without structured output refuses the response format: the schema goes in the prompt instead.
                LogStructuredOutputRefused(e.Message);
                call.DisableStructuredOutput();
            }
            catch (ClientResultException e) when (e.Status is 408 or 429 or 0 or >= 500)
            {
                throw new JobFailedException(ExtractionErrorCodes.ModelUnavailable,
                    $"The model's endpoint kept failing ({(e.Status == 0 ? "no answer" : $"HTTP {e.Status}")}): {e.Message}", retryable: true, inner: e);
            }
            catch (ClientResultException e)
            {
                throw new JobFailedException(ExtractionErrorCodes.ModelRejected,
                    $"The model's endpoint refused the request (HTTP {e.Status}): {e.Message}", retryable: false, inner: e);
            }
            catch (HttpRequestException e)
            {
                throw new JobFailedException(ExtractionErrorCodes.ModelUnavailable,
                    $"The model's endpoint cannot be reached: {e.Message}", retryable: true, inner: e);
            }
        }
    }

    /// <returns>The answer with its items' pages set, or null and what is wrong with it.</returns>
    private static (JsonObject? Parsed, IReadOnlyList<string> Errors) Check(string answer, ExtractionSchema schema, int page)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(StripCodeFence(answer));
        }
        catch (JsonException e)
        {
            return (null, [$"The answer is not JSON: {e.Message}"]);
        }

        if (node is not JsonObject answerObject)
        {
            return (null, ["The answer must be one JSON object."]);
        }

        foreach (var list in schema.ItemLists)
        {
            foreach (var item in (answerObject[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                item[ExtractionSchema.PageProperty] = page;
            }
        }

        var errors = schema.Validate(JsonSerializer.SerializeToElement(answerObject));
        return errors.Count == 0 ? (answerObject, []) : (null, errors);
    }

    /// <summary>Models often wrap JSON in a Markdown code fence even when told not to; the fence is not part of the answer.</summary>
    private static string StripCodeFence(string answer)
    {
        var text = answer.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var start = text.IndexOf('\n');
        var end = text.LastIndexOf("```", StringComparison.Ordinal);
        return start > 0 && end > start ? text[(start + 1)..end] : text;
    }

    /// <summary>Item lists concatenated in page order; any other property keeps the first value a page gave it.</summary>
    private static JsonObject Merge(IEnumerable<JsonObject> answers, ExtractionSchema schema)
    {
        var merged = new JsonObject();
        foreach (var list in schema.ItemLists)
        {
            merged[list] = new JsonArray();
        }

        foreach (var answer in answers)
        {
            foreach (var (name, value) in answer)
            {
                if (schema.ItemLists.Contains(name) && value is JsonArray items)
                {
                    foreach (var item in items)
                    {
                        merged[name]!.AsArray().Add(item?.DeepClone());
                    }
                }
                else if (merged[name] is null && value is not null)
                {
                    merged[name] = value.DeepClone();
                }
            }
        }

        return merged;
    }

    /// <summary>What the calls of one job share: the usage so far, and whether the endpoint takes structured output.</summary>
    private sealed class CallState(bool structured)
    {
        private readonly Lock _lock = new();
        private ExtractionUsage _usage = ExtractionUsage.None;
        private int _structured = structured ? 1 : 0;

        public bool Structured => Volatile.Read(ref _structured) == 1;

        public ExtractionUsage Usage
        {
            get
            {
                lock (_lock)
                {
                    return _usage;
                }
            }
        }

        public void Add(ExtractionUsage usage)
        {
            lock (_lock)
            {
                _usage = _usage.Add(usage);
            }
        }

        public void DisableStructuredOutput() => Volatile.Write(ref _structured, 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Page {Page}: asking the model again with {Errors} validation error(s) (repair {Attempt})")]
    private partial void LogRepair(int page, int attempt, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The endpoint refused the JSON Schema response format ({Reason}); sending the schema in the prompt instead")]
    private partial void LogStructuredOutputRefused(string reason);
}
