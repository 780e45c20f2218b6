using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BootcPlug.Deployments.Layout;

/// <summary>Another bootcplug holds the host lock longer than the caller would wait.</summary>
public sealed class HostLockTimeoutException(string path, TimeSpan waited)
    : Exception($"{path}: another bootcplug process holds the host lock; gave up after {waited.TotalSeconds:0.#} s (see --lock-timeout)");

/// <summary>
/// The one lock for the whole host: `flock` on ROOT/run/bootcplug.lock, exclusive for verbs that change the host,
/// shared for `status`. The kernel drops it when the process dies, so a crash never leaves it held.
/// </summary>
public sealed partial class HostLock : IDisposable
{
    private const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    private const int EWOULDBLOCK = 11, EINTR = 4;

    private readonly FileStream _file;

    private HostLock(FileStream file) => _file = file;

    /// <summary>Takes the lock, calling <paramref name="waiting"/> once if it has to wait for another process.</summary>
    public static HostLock Acquire(HostPaths paths, bool exclusive, TimeSpan timeout, Action? waiting = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.LockFile)!);
        var file = new FileStream(paths.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        int operation = exclusive ? LOCK_EX : LOCK_SH;
        var clock = Stopwatch.StartNew();
        bool announced = false;
        while (true)
        {
            if (flock((int)file.SafeFileHandle.DangerousGetHandle(), operation | LOCK_NB) == 0) return new HostLock(file);
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EWOULDBLOCK && errno != EINTR)
            {
                file.Dispose();
                throw new IOException($"{paths.LockFile}: flock failed (errno {errno})");
            }
            if (clock.Elapsed >= timeout)
            {
                file.Dispose();
                throw new HostLockTimeoutException(paths.LockFile, clock.Elapsed);
            }
            if (!announced)
            {
                waiting?.Invoke();
                announced = true;
            }
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        flock((int)_file.SafeFileHandle.DangerousGetHandle(), LOCK_UN);
        _file.Dispose();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);
}
