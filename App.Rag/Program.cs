using App.Identity.Authorization;
using App.Identity.Internal;
using App.Jobs.Data;
using App.KnowledgeBase.Data;
using App.Rag;
using App.Rag.Apis;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRagServices();
// Only the gateway's token authenticates here; every endpoint needs it unless it is declared AllowAnonymous.
builder.Services.AddAuthentication(InternalIdentityDefaults.AuthenticationScheme)
    .AddInternalIdentity(builder.Configuration, RagServiceCollectionExtensions.Audience);
builder.Services.AddAuthorizationBuilder()
    .AddAppPolicies()
    .SetFallbackPolicy(AppPolicies.AuthenticatedCaller);
builder.Services.AddMigration<RagDbContext>();
builder.Services.AddMigration<JobsDbContext>();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/rag/info");
app.MapCollectionsApi();
app.MapDocumentsApi();
app.MapSearchApi();
app.MapAskApi();

await app.RunAsync();
