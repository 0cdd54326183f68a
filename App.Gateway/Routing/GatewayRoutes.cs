namespace App.Gateway.Routing;

/// <summary>The route table. A longer literal prefix outranks the /api catch-all, so the order here does not matter.</summary>
public static class GatewayRoutes
{
    public const string Api = "api";
    public const string Rag = "rag";
    public const string Worker = "worker";
    public const string Docs = "docs";

    public static readonly IReadOnlyList<GatewayRoute> Forwarded =
    [
        new(Rag, Rag, "/api/v1/rag/{**rest}"),
        new(Rag, Rag, "/api/v1/collections/{**rest}"),
        new(Api, Api, "/api/{**rest}"),
    ];

    /// <summary>Each service's OpenAPI document, served under /api/docs so the docs UI reads them from the gateway's origin.</summary>
    public static readonly IReadOnlyList<GatewayRoute> Documents =
    [
        new(Docs, Api, "/api/docs/api/openapi.json", "/openapi/v1.json", "/api/docs/api"),
        new(Docs, Rag, "/api/docs/rag/openapi.json", "/openapi/v1.json", "/api/docs/rag"),
    ];
}
