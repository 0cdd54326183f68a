namespace App.Inference.Models;

public sealed class ModelCatalogOptions
{
    /// <summary>Folder holding one sub-folder per model, each with a manifest.json; the build copies them next to the app.</summary>
    public string ModelsDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>
    /// Threads per model run. The models here are small streaming networks where one thread is fastest per window;
    /// throughput comes from screening several clips at once.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;
}
