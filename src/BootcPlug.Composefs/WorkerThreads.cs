namespace BootcPlug.Composefs;

/// <summary>
/// Runs a body for each index on a fixed number of dedicated threads (the caller's among them), each taking the
/// next index when it is done with one.
/// </summary>
/// <remarks>
/// Not the thread pool: work that blocks in the kernel (unlinks waiting on the disk) would leave the pool at one
/// thread per core for seconds while it decides to add more, and all the workers are wanted from the start.
/// </remarks>
internal static class WorkerThreads
{
    public static void ForEach(int count, int workers, Action<int> body)
    {
        int threadCount = Math.Min(count, Math.Max(1, workers));
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            try
            {
                for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) body(i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
                Interlocked.Exchange(ref next, count);   // the others stop after their current item
            }
        }
        var threads = Enumerable.Range(0, Math.Max(0, threadCount - 1))
            .Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        Work();
        threads.ForEach(t => t.Join());
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }
}
