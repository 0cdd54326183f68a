namespace App.Testing;

/// <summary>One row of the AppHost's <c>/api/resources</c>.</summary>
public sealed record ResourceRow(string Name, string Type, string State, string Health, string? Url, int? Pid, int RestartCount, int? ExitCode);

/// <summary>The <c>/health</c> body that ServiceDefaults writes.</summary>
public sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthCheck> Checks);

public sealed record HealthCheck(string Status, string? Description);
