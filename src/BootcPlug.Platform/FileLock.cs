using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BootcPlug.Platform;

/// <summary>The two kinds of <c>flock</c> lock.</summary>
public enum LockMode
{
    /// <summary>Many holders at once (readers).</summary>
    Shared,

    /// <summary>One holder, and no shared holder besides it (writers).</summary>
    Exclusive,
}

/// <summary>
/// A <c>flock</c> lock on one open descriptor, which it owns. The kernel drops the lock when the process dies, so a
/// crash never leaves it held. Locking again converts the lock (shared to exclusive and back); flock's conversion
/// is not atomic, which callers that convert account for. What to lock, and how long to wait, is the caller's policy.
/// </summary>
/// <remarks>
/// A raw descriptor on purpose: .NET's FileStream takes flock locks of its own to emulate FileShare, which would
/// collide with ours.
/// </remarks>
public sealed class FileLock : IDisposable
{
    private readonly string _path;
    private int _fd;

    /// <summary>Takes ownership of <paramref name="fd"/>; <paramref name="path"/> names it in errors.</summary>
    public FileLock(int fd, string path)
    {
        _fd = fd;
        _path = path;
    }

    /// <summary>Opens <paramref name="directory"/> itself (read-only) to lock it; nothing is locked yet.</summary>
    public static FileLock OnDirectory(string directory)
    {
        int fd = LibC.Open(directory, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
        if (fd < 0) throw LibC.Error("open", directory);
        return new FileLock(fd, directory);
    }

    /// <summary>The mode held, or null before the first lock.</summary>
    public LockMode? Mode { get; private set; }

    /// <summary>Takes (or converts to) <paramref name="mode"/>, waiting while another holder prevents it.</summary>
    public void Lock(LockMode mode)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        while (LibC.Flock(_fd, Operation(mode)) != 0)
        {
            if (Marshal.GetLastPInvokeError() != LibC.EINTR) throw LibC.Error("flock", _path);
        }
        Mode = mode;
    }

    /// <summary>Takes (or converts to) <paramref name="mode"/> without waiting; false when another holds it.</summary>
    public bool TryLock(LockMode mode)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        while (LibC.Flock(_fd, Operation(mode) | LibC.LOCK_NB) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EWOULDBLOCK) return false;
            if (errno != LibC.EINTR) throw LibC.Error("flock", _path, errno);
        }
        Mode = mode;
        return true;
    }

    /// <summary>
    /// Polls <see cref="TryLock(LockMode)"/> until it succeeds or <paramref name="timeout"/> passed (false then),
    /// calling <paramref name="waiting"/> once when it first has to wait.
    /// </summary>
    public bool TryLock(LockMode mode, TimeSpan timeout, Action? waiting = null)
    {
        var clock = Stopwatch.StartNew();
        bool announced = false;
        while (!TryLock(mode))
        {
            if (clock.Elapsed >= timeout) return false;
            if (!announced)
            {
                waiting?.Invoke();
                announced = true;
            }
            Thread.Sleep(50);
        }
        return true;
    }

    private static int Operation(LockMode mode) => mode == LockMode.Exclusive ? LibC.LOCK_EX : LibC.LOCK_SH;

    /// <summary>Releases the lock and closes the descriptor.</summary>
    public void Dispose()
    {
        if (_fd < 0) return;
        LibC.Flock(_fd, LibC.LOCK_UN);
        LibC.Close(_fd);
        _fd = -1;
    }
}
