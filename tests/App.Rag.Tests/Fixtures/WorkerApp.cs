extern alias worker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace App.Rag.Tests.Fixtures;

/// <summary>
/// The real App.Worker (its Program: claim loops, ingestion steps, maintenance) on the same database and blob folder as
/// <see cref="RagApp"/>: ingestion runs here, as it does beside the service in the AppHost.
/// </summary>
public sealed class WorkerApp(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    : WebApplicationFactory<worker::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
