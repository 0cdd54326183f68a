// Each class starts a whole system (the AppHost, four services and, distributed, PostgreSQL): one at a time, so that
// on a 2-core machine none waits for CPU past its start-up limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
