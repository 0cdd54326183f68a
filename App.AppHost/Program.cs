using App.AppHost;
using App.AppHost.Identity;
using App.AppHost.Resources;

var (options, arguments) = AppHostOptions.Parse(args);
var builder = DistributedApplication.CreateBuilder(arguments);

// Embedded (default): a SQLite file. Distributed: PostgreSQL from the machine's binaries (a container when published).
var appdb = options.Distributed || builder.ExecutionContext.IsPublishMode
    ? builder.AddPostgresDatabase("postgres", "appdb", options)
    : builder.AddSqliteDatabase("appdb", "app.db", options);
var blobs = builder.AddBlobDirectory("blobs", options);
var identity = builder.AddIdentitySecrets(options);

var worker = builder.AddService<Projects.App_Worker>("worker", appdb)
    .WithReference(blobs).WithSharedKeyRing(identity);
// The api nudges the worker when it enqueues (SQLite cannot wake another process).
var api = builder.AddService<Projects.App_Api>("api", appdb)
    .WithReference(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity).WithBootstrapAdminKey(identity)
    .WithReference(worker);
// ...and the worker tells the api when a job has new events, so event streams need not poll (again SQLite).
worker.WithReference(api);
var rag = builder.AddService<Projects.App_Rag>("rag", appdb)
    .WithReference(blobs).WithSharedKeyRing(identity).WithInternalIdentity(identity);

builder.AddService<Projects.App_Gateway>("gateway", appdb, gatewayPort: options.GatewayPort)
    .WithSharedKeyRing(identity).WithInternalIdentity(identity)
    .WithReference(api).WaitFor(api)
    .WithReference(rag).WaitFor(rag)
    .WithReference(worker).WaitFor(worker)
    .WithReadyAnnouncement(identity);

builder.Build().Run();
