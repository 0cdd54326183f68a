using App.Jobs.Data;
using App.Worker.Apis;
using App.Worker.Screening;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSpeechScreeningWorker();
builder.Services.AddMigration<JobsDbContext>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapJobSignalApi();

await app.RunAsync();
