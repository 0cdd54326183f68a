using App.AppHost.Hosting;
using App.AppHost.Identity;
using App.AppHost.Resources;

var builder = AppHostBuilder.Create(args);

var appdb = builder.AddSqliteDatabase("appdb", "app.db");
var blobs = builder.AddBlobDirectory("blobs");
var identity = builder.AddIdentitySecrets();

var worker = builder.AddProject("worker", "App.Worker").WithReference(appdb).WithReference(blobs).WithForwardedHeaders()
    .WithSharedKeyRing(identity);
// The api nudges the worker when it enqueues (SQLite cannot wake another process).
var api = builder.AddProject("api", "App.Api").WithReference(appdb).WithReference(blobs).WithForwardedHeaders()
    .WithSharedKeyRing(identity).WithInternalIdentity(identity).WithBootstrapAdminKey(identity).WithReference(worker);
// ...and the worker tells the api when a job has new events, so event streams need not poll (again SQLite).
worker.WithReference(api);
var rag = builder.AddProject("rag", "App.Rag").WithReference(appdb).WithReference(blobs).WithForwardedHeaders()
    .WithSharedKeyRing(identity).WithInternalIdentity(identity);

builder.AddProject("gateway", "App.Gateway")
    .WithHttpEndpoint(builder.Options.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithReference(appdb)
    .WithSharedKeyRing(identity).WithInternalIdentity(identity)
    .WithReference(api).WaitFor(api)
    .WithReference(rag).WaitFor(rag)
    .WithReference(worker).WaitFor(worker);

await builder.Build().RunAsync();
