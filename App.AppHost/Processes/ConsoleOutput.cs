using App.AppHost.Resources;

namespace App.AppHost.Processes;

/// <summary>
/// Every line a child writes, prefixed with its resource name (coloured per resource on a terminal, plain when output is
/// redirected or NO_COLOR is set), and the AppHost's own announcements.
/// </summary>
public sealed class ConsoleOutput
{
    private const string AppHostName = "apphost";
    private const string Reset = "\u001b[0m";
    private static readonly string[] ResourceColours = ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[96m"];
    private const string AppHostColour = "\u001b[1;37m";

    private readonly Dictionary<string, string> _prefixes = new(StringComparer.Ordinal);

    public ConsoleOutput(ResourceModel model)
    {
        var names = model.Resources.Select(r => r.Name).ToList();
        var width = names.Append(AppHostName).Max(n => n.Length);
        var coloured = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

        string Prefix(string name, string colour) => coloured
            ? $"{colour}{name.PadRight(width)} |{Reset} "
            : $"{name.PadRight(width)} | ";

        for (var i = 0; i < names.Count; i++)
        {
            _prefixes[names[i]] = Prefix(names[i], ResourceColours[i % ResourceColours.Length]);
        }

        _prefixes[AppHostName] = Prefix(AppHostName, AppHostColour);
    }

    public void Line(string resource, string line) => Console.Out.WriteLine(_prefixes[resource] + line);

    public void ErrorLine(string resource, string line) => Console.Error.WriteLine(_prefixes[resource] + line);

    /// <summary>An AppHost event about <paramref name="resource"/>.</summary>
    public void Event(string resource, string message) => Line(AppHostName, $"{resource}: {message}");

    /// <summary>An unprefixed line that scripts and tests look for (Dashboard:, Gateway:).</summary>
    public static void Announce(string line) => Console.Out.WriteLine(line);
}
