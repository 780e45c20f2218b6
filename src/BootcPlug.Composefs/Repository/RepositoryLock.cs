using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// flock on the repository directory, as upstream: every open handle holds a shared lock; GC converts it to an
/// exclusive one (waiting for every other handle to close) and back.
/// </summary>
public sealed class RepositoryLock : IDisposable
{
    private readonly FileLock _lock;

    private RepositoryLock(FileLock fileLock) => _lock = fileLock;

    public bool IsExclusive => _lock.Mode == LockMode.Exclusive;

    public static RepositoryLock AcquireShared(string directory)
    {
        var fileLock = FileLock.OnDirectory(directory);
        try
        {
            fileLock.Lock(LockMode.Shared);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
        return new RepositoryLock(fileLock);
    }

    /// <summary>Converts to an exclusive lock; blocks until no other handle holds the repository.</summary>
    public void UpgradeToExclusive() => _lock.Lock(LockMode.Exclusive);

    /// <summary>Tries the exclusive conversion without waiting; false when another handle is open.</summary>
    public bool TryUpgradeToExclusive() => _lock.TryLock(LockMode.Exclusive);

    public void DowngradeToShared() => _lock.Lock(LockMode.Shared);

    public void Dispose() => _lock.Dispose();
}
