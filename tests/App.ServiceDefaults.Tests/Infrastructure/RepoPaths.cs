namespace App.ServiceDefaults.Tests.Infrastructure;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The service's dll from the build of the same configuration as the tests (the test project builds it).</summary>
    public static string ServiceDll(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release"
            : "Debug";
        var dll = Path.Combine(Root, project, "bin", configuration, "net10.0", $"{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build {project} first", dll);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "App.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("App.sln not found above the test output");
    }
}
