using App.Api.Apis;
using App.Api.Predictions;
using App.Identity.Internal;
using App.Jobs;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiIdentity();
builder.AddPredictions();

var app = builder.Build();

await app.InitializeApiIdentityAsync();
await app.Services.MigrateJobsDatabaseAsync();

app.UseInternalIdentity();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/info");
app.MapPredictionsApi();
app.MapJobsApi();
app.MapJobChangesApi();
app.MapBatchesApi();
app.MapAdminApi();

await app.RunAsync();
