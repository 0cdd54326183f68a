namespace App.AppHost.Hosting;

/// <summary>Lines printed once, right after the external endpoints, when every service is healthy; each may act once printed.</summary>
public sealed class ReadyAnnouncements
{
    private readonly List<(string Line, Action? Printed)> _lines = [];

    public void Add(string line, Action? printed) => _lines.Add((line, printed));

    public void PrintAll(Action<string> print)
    {
        foreach (var (line, printed) in _lines)
        {
            print(line);
            printed?.Invoke();
        }
    }
}
