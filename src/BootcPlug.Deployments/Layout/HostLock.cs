using System.Diagnostics;
using System.Runtime.InteropServices;
using BootcPlug.Bootloaders.Formats.IO;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Deployments.Layout;

/// <summary>Another bootcplug holds the host lock longer than the caller would wait.</summary>
public sealed class HostLockTimeoutException(string path, TimeSpan waited)
    : Exception($"{path}: another bootcplug process holds the host lock; gave up after {waited.TotalSeconds:0.#} s (see --lock-timeout)");

/// <summary>
/// The one lock for the whole host: `flock` on ROOT/run/bootcplug.lock, exclusive for verbs that change the host,
/// shared for `status`. The kernel drops it when the process dies, so a crash never leaves it held.
/// </summary>
/// <remarks>
/// ROOT/run is reached without following a symbolic link and the lock file is opened relative to it with
/// O_NOFOLLOW, so neither a linked `run` nor a linked lock file makes us create or open a file outside the root.
/// (A reader that must not create anything, `status`, takes the lock only when the file exists: see HostSession.)
/// </remarks>
public sealed partial class HostLock : IDisposable
{
    private const int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    private const int EWOULDBLOCK = 11, EINTR = 4, ELOOP = 40;

    private const int O_RDWR = 2, O_CREAT = 0x40, O_CLOEXEC = 0x80000;

    // O_NOFOLLOW differs between x86 and the generic (arm64) ABI.
    private static readonly int O_NOFOLLOW = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    private readonly int _fd;

    private HostLock(int fd) => _fd = fd;

    /// <summary>Takes the lock, calling <paramref name="waiting"/> once if it has to wait for another process.</summary>
    public static HostLock Acquire(HostPaths paths, bool exclusive, TimeSpan timeout, Action? waiting = null)
    {
        int fd = Open(paths.LockFile);
        int operation = exclusive ? LOCK_EX : LOCK_SH;
        var clock = Stopwatch.StartNew();
        bool announced = false;
        while (true)
        {
            if (flock(fd, operation | LOCK_NB) == 0) return new HostLock(fd);
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EWOULDBLOCK && errno != EINTR)
            {
                close(fd);
                throw new IOException($"{paths.LockFile}: flock failed (errno {errno})");
            }
            if (clock.Elapsed >= timeout)
            {
                close(fd);
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

    /// <summary>A raw descriptor: .NET's FileStream takes flock locks of its own to emulate FileShare, which would collide with ours.</summary>
    private static int Open(string lockFile)
    {
        string directory = Path.GetDirectoryName(lockFile)!;
        NoFollowPaths.CreateDirectory(directory);
        using SafeFileHandle parent = NoFollowPaths.OpenDirectory(directory);
        int fd = openat(parent, Path.GetFileName(lockFile), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0x1a4 /* 0644 */);
        if (fd >= 0) return fd;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ELOOP) throw new IOException($"{lockFile}: is a symbolic link; refusing to follow it");
        throw new IOException($"{lockFile}: cannot open the lock file (errno {errno})");
    }

    public void Dispose()
    {
        flock(_fd, LOCK_UN);
        close(_fd);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int openat(SafeFileHandle dirfd, string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
