using App.AppHost.Hosting;
using App.AppHost.Identity;
using App.AppHost.Resources;

var builder = AppHostBuilder.Create(args);

var appdb = builder.AddSqliteDatabase("appdb", "app.db");
var blobs = builder.AddBlobDirectory("blobs");
var identity = builder.AddIdentitySecrets();

var api = builder.AddProject("api", "App.Api").WithReference(appdb).WithReference(blobs).WithForwardedHeaders()
    .WithSharedKeyRing(identity).WithInternalIdentity(identity).WithBootstrapAdminKey(identity);
var worker = builder.AddProject("worker", "App.Worker").WithReference(appdb).WithReference(blobs).WithForwardedHeaders()
    .WithSharedKeyRing(identity);
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
