namespace App.Gateway.Routing;

/// <param name="Name">Names the route's settings under Gateway:Routes (body limit).</param>
/// <param name="Service">The Aspire resource whose address (services:{Service}:http:0) receives the request.</param>
/// <param name="Pattern">The client-facing route pattern; the client's path is forwarded unchanged.</param>
public sealed record GatewayRoute(string Name, string Service, string Pattern);
