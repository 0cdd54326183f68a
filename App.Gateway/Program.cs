var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayProxy();
builder.AddGatewayAuthentication();
builder.AddDownstreamHealthChecks();
builder.AddGatewayCors();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseCors();
app.UseRouting();
app.UseClientRateLimits();
app.UseCallerAuthorization();
app.UseCallerRateLimits();
app.MapDefaultEndpoints();
app.MapGatewayProxy();
app.MapApiDocs();

app.Run();
