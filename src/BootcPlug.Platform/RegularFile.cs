using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Platform;

/// <summary>
/// Opens a file for reading only if it is a regular file. The open itself never blocks (O_NONBLOCK: opening a FIFO
/// that no one writes would hang forever) and the type is checked on the open descriptor (fstat), so a file swapped
/// for a FIFO, socket or device after an earlier lstat is refused too.
/// </summary>
public static class RegularFile
{
    /// <summary>A read-only descriptor of <paramref name="path"/>; the caller closes it.</summary>
    /// <exception cref="IOException">
    /// It cannot be opened, or is not a regular file ("PATH: not a regular file").
    /// </exception>
    public static int Open(string path, bool followSymlinks) => Open(path, followSymlinks, out _);

    /// <summary>As <see cref="Open(string, bool)"/>; also gives the file's size when it was opened.</summary>
    public static unsafe int Open(string path, bool followSymlinks, out long size)
    {
        int flags = LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NONBLOCK | (followSymlinks ? 0 : LibC.O_NOFOLLOW);
        int fd = LibC.Open(path, flags);
        if (fd < 0)
        {
            var error = LibC.Error("open", path);
            // A socket cannot be opened at all (ENXIO): say what it is rather than why open failed.
            if (Marshal.GetLastPInvokeError() == LibC.ENXIO) throw new IOException($"{path}: not a regular file");
            throw error;
        }
        byte* buffer = stackalloc byte[256];
        if (LibC.Statx(fd, "", LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            var error = LibC.Error("fstat", path);
            LibC.Close(fd);
            throw error;
        }
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(buffer + 28, 2));
        if ((mode & 0xF000) != 0x8000)
        {
            LibC.Close(fd);
            throw new IOException($"{path}: not a regular file");
        }
        size = BinaryPrimitives.ReadInt64LittleEndian(new ReadOnlySpan<byte>(buffer + 40, 8));   // stx_size
        return fd;
    }

    /// <summary>As <see cref="Open(string, bool)"/>, as a stream that owns the descriptor.</summary>
    public static FileStream OpenStream(string path, bool followSymlinks, int bufferSize = 1 << 16) =>
        new(new SafeFileHandle(Open(path, followSymlinks), ownsHandle: true), FileAccess.Read, bufferSize);

    /// <summary>The whole content of a small regular file.</summary>
    public static byte[] ReadAllBytes(string path, bool followSymlinks)
    {
        using var stream = OpenStream(path, followSymlinks);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
