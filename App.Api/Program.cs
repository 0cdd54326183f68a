using App.Api.Apis;
using App.Api.Predictions;
using App.Jobs;
using App.ServiceDefaults.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPredictions();

var app = builder.Build();

await app.Services.MigrateJobsDatabaseAsync();

app.MapDefaultEndpoints();
app.MapServiceInfo("/api/v1/info");
app.MapPredictionsApi();
app.MapJobsApi();
app.MapBatchesApi();

await app.RunAsync();
