using App.Api.Apis;
using App.Api.Predictions;
using App.Identity.Data;
using App.Identity.Internal;
using App.Jobs.Data;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApiIdentity();
builder.AddPredictions();
builder.Services.AddMigration<IdentityDbContext>(ApiIdentityInitialization.SeedAsync);
builder.Services.AddMigration<JobsDbContext>();

var app = builder.Build();

app.UseInternalIdentity();
app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/info");
app.MapPredictionsApi();
app.MapJobsApi();
app.MapJobChangesApi();
app.MapBatchesApi();
app.MapAdminApi();

await app.RunAsync();
