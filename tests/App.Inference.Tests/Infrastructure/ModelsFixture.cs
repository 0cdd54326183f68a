using App.Inference.Models;
using App.Inference.Screening;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace App.Inference.Tests.Infrastructure;

/// <summary>The real models the build copied next to the tests, loaded once for every test that needs them.</summary>
public sealed class ModelsFixture : IDisposable
{
    public ModelsFixture()
    {
        Catalog = Open(Path.Combine(AppContext.BaseDirectory, "models"));
        Pipeline = new SpeechScreeningPipeline(Catalog);
    }

    public ModelCatalog Catalog { get; }

    public SpeechScreeningPipeline Pipeline { get; }

    public static ModelCatalog Open(string directory) =>
        new(Options.Create(new ModelCatalogOptions { ModelsDirectory = directory }), NullLogger<ModelCatalog>.Instance);

    public void Dispose() => Catalog.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "models";
}
