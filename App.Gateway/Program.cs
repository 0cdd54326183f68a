var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayForwarding();
builder.AddDownstreamHealthChecks();
builder.AddGatewayCors();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseCors();
app.MapDefaultEndpoints();
app.MapForwardedRoutes();
app.MapApiDocs();

app.Run();
