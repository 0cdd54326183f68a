namespace App.Gateway.Routing;

/// <param name="Name">Names the route's settings under Gateway:Routes (body limit).</param>
/// <param name="Service">The Aspire resource whose address (services:{Service}:http:0) receives the request.</param>
/// <param name="Pattern">The client-facing route pattern.</param>
/// <param name="DestinationPath">A fixed path at the service instead of the client's path.</param>
/// <param name="ForwardedPrefix">What the client sees in front of <paramref name="DestinationPath"/>, sent as X-Forwarded-Prefix.</param>
public sealed record GatewayRoute(
    string Name, string Service, string Pattern, string? DestinationPath = null, string? ForwardedPrefix = null);
