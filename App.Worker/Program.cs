using App.Jobs;
using App.Worker.Apis;
using App.Worker.Screening;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSpeechScreeningWorker();

var app = builder.Build();

await app.Services.MigrateJobsDatabaseAsync();

app.MapDefaultEndpoints();
app.MapJobSignalApi();

await app.RunAsync();
