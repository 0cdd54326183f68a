namespace App.Jobs;

public sealed record JobPage(IReadOnlyList<JobInfo> Items, int Page, int PageSize, int TotalCount);
