using App.Identity.Authorization;
using App.Rag.Search;
using App.Rag.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace App.Rag.Apis;

public static class SearchApi
{
    public const int MaxTop = 50;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/collections/{id:guid}/search").WithTags("Search")
            .RequireAuthorization(AppPolicies.Documents)
            .ScopeToCallerTenant()
            .MapPost("/", SearchAsync).WithName("Search")
            .WithSummary("Searches the collection's chunks (BM25, fused with vector search when an embedding model is configured)");
        return app;
    }

    private static async Task<Results<Ok<SearchResponse>, NotFound, ValidationProblem>> SearchAsync(
        Guid id, SearchRequest request, SearchService search, CancellationToken cancellationToken)
    {
        var top = request.Top ?? 10;
        if (string.IsNullOrWhiteSpace(request.Query) || request.Query.Length > 2000 || top is < 1 or > MaxTop)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["query"] = [$"A query of 1 to 2000 characters is required, and top between 1 and {MaxTop}."],
            });
        }

        var outcome = await search.SearchAsync(id, request.Query, top, request.Filters, cancellationToken);
        return outcome is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new SearchResponse(outcome.Mode.ToString().ToLowerInvariant(), outcome.Hits));
    }
}
