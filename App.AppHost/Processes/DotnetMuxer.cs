namespace App.AppHost.Processes;

/// <summary>The <c>dotnet</c> executable that runs this AppHost, so that services run on the same SDK install.</summary>
public static class DotnetMuxer
{
    public static string FilePath { get; } = Locate();

    private static string Locate()
    {
        var fileName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == fileName)
        {
            return self;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // Started through the native apphost (dotnet run): the runtime sits in <root>/shared/Microsoft.NETCore.App/<version>/.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var candidate = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", fileName));
        return File.Exists(candidate) ? candidate : fileName;
    }
}
