var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayForwarding();
builder.AddGatewayIdentity();
builder.AddDownstreamHealthChecks();
builder.AddGatewayCors();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseCors();
app.UseClientRateLimits();
app.UseGatewayAuthentication();
app.UseCallerRateLimits();
app.UseCallerIdentityForwarding();
app.MapDefaultEndpoints();
app.MapForwardedRoutes();
app.MapApiDocs();

app.Run();
