using System.Text.Json;
using System.Text.Json.Nodes;
using App.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Gateway.Docs;

/// <summary>
/// A service's OpenAPI document as the docs UI needs it. A service only knows its own private address and writes that
/// into "servers"; the gateway replaces it with its own, so "Try it out" goes through the gateway like any client.
/// </summary>
public static class ServiceDocuments
{
    public const string ServiceDocumentPath = "/openapi/v1.json";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static string PathFor(string service) => $"/api/docs/{service}/openapi.json";

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        string service, HttpRequest request, IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var client = clients.CreateClient(DownstreamServices.HttpClientName);
            using var response = await client.GetAsync(DownstreamServices.Address(service, ServiceDocumentPath), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return BadGateway($"The '{service}' service answered {(int)response.StatusCode} for its document.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            if (await JsonNode.ParseAsync(body, cancellationToken: timeout.Token) is not JsonObject document)
            {
                return BadGateway($"The '{service}' service's document is not a JSON object.");
            }

            document["servers"] = new JsonArray(new JsonObject { ["url"] = request.PathBase.Add("/").ToUriComponent() });
            return TypedResults.Text(document.ToJsonString(), "application/json");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProblemDetailsExtensions.Problem(504, ErrorCodes.GatewayTimeout, "Gateway timeout",
                $"The '{service}' service did not send its document in time.");
        }
        catch (InvalidOperationException)
        {
            // Service discovery knows no address for the name.
            return ProblemDetailsExtensions.Problem(503, ErrorCodes.ServiceUnavailable, "Service unavailable",
                $"No address is configured for the '{service}' service.");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return BadGateway($"The '{service}' service's document could not be read.");
        }
    }

    private static ProblemHttpResult BadGateway(string detail) =>
        ProblemDetailsExtensions.Problem(502, ErrorCodes.BadGateway, "Bad gateway", detail);
}
