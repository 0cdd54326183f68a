using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Jobs.Tests;

public sealed class EnqueueTransactionTests
{
    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Job_enqueued_in_a_rolled_back_transaction_never_exists(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var scope = h.NewScope();
        var context = scope.GetRequiredService<App.Jobs.Data.JobsDbContext>();
        var queue = scope.GetRequiredService<JobQueue>();

        JobInfo job;
        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            job = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
            await transaction.RollbackAsync();
        }

        Assert.Null(await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id));
        Assert.Null(await h.NewQueue().ClaimAsync("worker-a", JobsHarness.Kinds, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await h.NewDbContext().JobEvents.CountAsync());
    }

    [Theory]
    [InlineData(TestDb.Sqlite)]
    [InlineData(TestDb.PostgreSql)]
    public async Task Job_enqueued_in_the_caller_transaction_is_visible_only_after_commit(TestDb db)
    {
        await using var h = await JobsHarness.CreateAsync(db);
        var scope = h.NewScope();
        var context = scope.GetRequiredService<App.Jobs.Data.JobsDbContext>();
        var queue = scope.GetRequiredService<JobQueue>();

        await using var transaction = await context.Database.BeginTransactionAsync();
        var job = await queue.EnqueueAsync(new NewJob(JobsHarness.TenantA, "speech-screening", "{}"));
        Assert.Null(await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id));

        await transaction.CommitAsync();
        Assert.Equal(JobStatus.Queued, (await h.NewQueue().GetAsync(JobsHarness.TenantA, job.Id))?.Status);
    }
}
