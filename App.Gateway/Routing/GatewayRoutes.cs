namespace App.Gateway.Routing;

/// <summary>The route table. A longer literal prefix outranks the /api catch-all, so the order here does not matter.</summary>
public static class GatewayRoutes
{
    public const string Api = "api";
    public const string Rag = "rag";
    public const string Worker = "worker";

    public static readonly IReadOnlyList<GatewayRoute> Forwarded =
    [
        new(Rag, Rag, "/api/v1/rag/{**rest}"),
        new(Rag, Rag, "/api/v1/collections/{**rest}"),
        new(Api, Api, "/api/{**rest}"),
    ];

    /// <summary>The services whose OpenAPI documents the docs UI lists.</summary>
    public static readonly IReadOnlyList<string> Documented = [Api, Rag];
}
