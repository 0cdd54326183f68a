using Yarp.ReverseProxy.Configuration;

// A bare YARP proxy with the gateway's route table (App.Gateway/Routing/GatewayRoutes.cs) and no policies: no
// authentication, rate limits, CORS, security headers, body limits or telemetry. bench/gateway measures the gateway
// against it. Destinations as the AppHost injects them: services:api:http:0 and services:rag:http:0 (env
// services__api__http__0, or --services:api:http:0=http://...); rag falls back to api.
var builder = WebApplication.CreateBuilder(args);

var api = builder.Configuration["services:api:http:0"]
    ?? throw new InvalidOperationException("services:api:http:0 (env services__api__http__0) must name the api's address.");
var rag = builder.Configuration["services:rag:http:0"] ?? api;

builder.Services.AddReverseProxy().LoadFromMemory(
    [
        Route("rag-assistant", "rag", "/api/v1/rag/{**rest}"),
        Route("rag-collections", "rag", "/api/v1/collections/{**rest}"),
        Route("api", "api", "/api/{**rest}"),
    ],
    [Cluster("api", api), Cluster("rag", rag)]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();

static RouteConfig Route(string id, string cluster, string path) =>
    new() { RouteId = id, ClusterId = cluster, Match = new RouteMatch { Path = path } };

static ClusterConfig Cluster(string id, string address) =>
    new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = address } },
    };
