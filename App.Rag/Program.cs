using App.Identity.Internal;
using App.Jobs;
using App.Rag;
using App.Rag.Apis;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRagServices();

var app = builder.Build();
await app.Services.MigrateJobsDatabaseAsync();

app.UseInternalIdentity();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/rag/info");
app.MapCollectionsApi();
app.MapDocumentsApi();
app.MapSearchApi();
app.MapAskApi();

await app.RunAsync();
