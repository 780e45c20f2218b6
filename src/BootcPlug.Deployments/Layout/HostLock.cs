using BootcPlug.Platform;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Deployments.Layout;

/// <summary>Another bootcplug holds the host lock longer than the caller would wait.</summary>
public sealed class HostLockTimeoutException(string path, TimeSpan waited)
    : Exception($"{path}: another bootcplug process holds the host lock; gave up after {waited.TotalSeconds:0.#} s "
        + "(see --lock-timeout)");

/// <summary>
/// The one lock for the whole host: `flock` on ROOT/run/bootcplug.lock, exclusive for verbs that change the host,
/// shared for `status`. The kernel drops it when the process dies, so a crash never leaves it held.
/// </summary>
/// <remarks>
/// ROOT/run is reached without following a symbolic link and the lock file is opened relative to it with
/// O_NOFOLLOW, so neither a linked `run` nor a linked lock file makes us create or open a file outside the root.
/// (A reader that must not create anything, `status`, takes the lock only when the file exists: see HostSession.)
/// </remarks>
public sealed class HostLock : IDisposable
{
    private readonly FileLock _lock;

    private HostLock(FileLock fileLock) => _lock = fileLock;

    /// <summary>
    /// Takes the lock, calling <paramref name="waiting"/> once if it has to wait for another process.
    /// </summary>
    public static HostLock Acquire(HostPaths paths, bool exclusive, TimeSpan timeout, Action? waiting = null)
    {
        var fileLock = new FileLock(Open(paths.LockFile), paths.LockFile);
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (fileLock.TryLock(exclusive ? LockMode.Exclusive : LockMode.Shared, timeout, waiting))
                return new HostLock(fileLock);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
        fileLock.Dispose();
        throw new HostLockTimeoutException(paths.LockFile, started.Elapsed);
    }

    /// <summary>
    /// The lock file's descriptor (created when missing), opened relative to a no-follow folder handle.
    /// </summary>
    private static int Open(string lockFile)
    {
        string directory = Path.GetDirectoryName(lockFile)!;
        NoFollowPaths.CreateDirectory(directory);
        using SafeFileHandle parent = NoFollowPaths.OpenDirectory(directory);
        int flags = LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC | LibC.O_NOFOLLOW;
        int fd = LibC.OpenAtRaw(parent, Path.GetFileName(lockFile), flags, 0x1a4 /* 0644 */);
        if (fd >= 0) return fd;
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == LibC.ELOOP) throw new IOException($"{lockFile}: is a symbolic link; refusing to follow it");
        throw new IOException($"{lockFile}: cannot open the lock file (errno {errno})");
    }

    public void Dispose() => _lock.Dispose();
}
