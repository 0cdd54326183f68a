using App.Jobs.Data;
using App.KnowledgeBase.Data;
using App.Worker.Apis;
using App.Worker.Extractions;
using App.Worker.Ingestion;
using App.Worker.Jobs;
using App.Worker.Screening;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJobWorker();
builder.AddSpeechScreeningWorker();
builder.AddExtractionWorker();
builder.AddIngestionWorker();
builder.Services.AddMigration<JobsDbContext>();
builder.Services.AddMigration<RagDbContext>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapJobSignalApi();

await app.RunAsync();
