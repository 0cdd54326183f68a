using App.Identity.Internal;
using App.Jobs.Data;
using App.Rag;
using App.Rag.Apis;
using App.Rag.Data;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRagServices();
builder.Services.AddMigration<RagDbContext>();
builder.Services.AddMigration<JobsDbContext>();

var app = builder.Build();

app.UseInternalIdentity();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/rag/info");
app.MapCollectionsApi();
app.MapDocumentsApi();
app.MapSearchApi();
app.MapAskApi();

await app.RunAsync();
