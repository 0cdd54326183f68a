// The flow tests and the no-model tests each start a whole system (the AppHost and four services): one at a time, so
// that on a 2-core machine neither waits for CPU past its start-up limit.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
