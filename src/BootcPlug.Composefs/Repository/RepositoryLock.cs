using BootcPlug.Composefs.Native;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// flock on the repository directory, as upstream: every open handle holds a shared lock; GC converts it to an
/// exclusive one (waiting for every other handle to close) and back.
/// </summary>
public sealed class RepositoryLock : IDisposable
{
    private int _fd;

    private RepositoryLock(int fd) => _fd = fd;

    public bool IsExclusive { get; private set; }

    public static RepositoryLock AcquireShared(string directory)
    {
        int fd = LibC.Open(directory, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0) throw LibC.Error("open", directory);
        var handle = new RepositoryLock(fd);
        try
        {
            handle.Lock(LibC.LOCK_SH, directory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return handle;
    }

    /// <summary>Converts to an exclusive lock; blocks until no other handle holds the repository.</summary>
    public void UpgradeToExclusive(string directory)
    {
        Lock(LibC.LOCK_EX, directory);
        IsExclusive = true;
    }

    /// <summary>Tries the exclusive conversion without waiting; false when another handle is open.</summary>
    public bool TryUpgradeToExclusive(string directory)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        while (LibC.Flock(_fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == LibC.EWOULDBLOCK) return false;
            if (errno != LibC.EINTR) throw LibC.Error("flock", directory);
        }
        IsExclusive = true;
        return true;
    }

    public void DowngradeToShared(string directory)
    {
        Lock(LibC.LOCK_SH, directory);
        IsExclusive = false;
    }

    private void Lock(int operation, string directory)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        while (LibC.Flock(_fd, operation) != 0)
        {
            if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != LibC.EINTR) throw LibC.Error("flock", directory);
        }
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        LibC.Flock(_fd, LibC.LOCK_UN);
        LibC.Close(_fd);
        _fd = -1;
    }
}
