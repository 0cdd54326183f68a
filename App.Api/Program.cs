using App.Api.Apis;
using App.Api.Extractions;
using App.Api.Predictions;
using App.Identity.Authorization;
using App.Identity.Data;
using App.Identity.Internal;
using App.Jobs.Data;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiIdentity();
// Only the gateway's token authenticates here; every endpoint needs it unless it is declared AllowAnonymous.
builder.Services.AddAuthentication(InternalIdentityDefaults.AuthenticationScheme)
    .AddInternalIdentity(builder.Configuration, ApiIdentityExtensions.Audience);
builder.Services.AddAuthorizationBuilder()
    .AddAppPolicies()
    .SetFallbackPolicy(AppPolicies.AuthenticatedCaller);
builder.AddPredictions();
builder.AddExtractions();
builder.Services.AddMigration<IdentityDbContext>(ApiIdentityInitialization.SeedAsync);
builder.Services.AddMigration<JobsDbContext>();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/info");
app.MapMeApi();
app.MapPredictionsApi();
app.MapExtractionsApi();
app.MapJobsApi();
app.MapJobChangesApi();
app.MapBatchesApi();
app.MapAdminApi();

await app.RunAsync();
