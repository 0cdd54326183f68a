using System.Reflection;

namespace App.AppHost.Resources;

/// <summary>
/// Output dlls of the projects the AppHost references, recorded at build time by build/ReferencedTargetPaths.targets,
/// so that the path follows the configuration and output settings the build actually used.
/// </summary>
internal static class ServiceBinaries
{
    public static string TargetPathOf(string assemblyName) =>
        typeof(ServiceBinaries).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == $"TargetPath:{assemblyName}")?.Value
        ?? throw new InvalidOperationException(
            $"{assemblyName} is not referenced by App.AppHost.csproj (ProjectReference with ReferenceOutputAssembly=\"false\").");
}
