namespace App.Rag.Ingestion;

/// <summary>
/// Where uploads hand their document to ingestion. <see cref="InProcessIngestionQueue"/> runs it in this process;
/// the durable App.Jobs queue replaces it with one class that enqueues a <see cref="IngestionRequest.JobKind"/> job
/// and claims those jobs to call <see cref="IngestionPipeline.RunAsync"/>.
/// </summary>
public interface IIngestionQueue
{
    ValueTask EnqueueAsync(IngestionRequest request, CancellationToken cancellationToken);
}
