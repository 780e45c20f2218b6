using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BootcPlug.Platform;

/// <summary>lstat-like metadata (via statx, whose layout is the same on every architecture).</summary>
public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, ulong Size, long MtimeSeconds, ulong Rdev,
    ulong Inode, ulong Device, uint Nlink)
{
    public uint Type => Mode & 0xF000;

    public static unsafe FileStatus Lstat(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (LibC.Statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buffer) != 0)
            throw LibC.Error("statx", path);
        var span = new ReadOnlySpan<byte>(buffer, 256);
        uint nlink = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        uint uid = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
        uint gid = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        ulong inode = BinaryPrimitives.ReadUInt64LittleEndian(span[32..]);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(span[40..]);
        long mtime = BinaryPrimitives.ReadInt64LittleEndian(span[112..]);
        uint rdevMajor = BinaryPrimitives.ReadUInt32LittleEndian(span[128..]);
        uint rdevMinor = BinaryPrimitives.ReadUInt32LittleEndian(span[132..]);
        uint devMajor = BinaryPrimitives.ReadUInt32LittleEndian(span[136..]);
        uint devMinor = BinaryPrimitives.ReadUInt32LittleEndian(span[140..]);
        return new FileStatus(mode, uid, gid, size, mtime, MakeDev(rdevMajor, rdevMinor), inode,
            MakeDev(devMajor, devMinor), nlink);
    }

    /// <summary>glibc's dev_t encoding of (major, minor).</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
        | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    /// <summary>All xattrs of a path (not following a final symlink), sorted by name.</summary>
    public static unsafe List<(byte[] Name, byte[] Value)> ListXattrs(string path)
    {
        var result = new List<(byte[], byte[])>();
        nint size = LibC.Llistxattr(path, null, 0);
        if (size < 0)
        {
            if (Marshal.GetLastPInvokeError() == LibC.ENOTSUP) return result;
            throw LibC.Error("llistxattr", path);
        }
        if (size == 0) return result;
        var names = new byte[size + 1024];
        fixed (byte* list = names)
        {
            size = LibC.Llistxattr(path, list, names.Length);
            if (size < 0) throw LibC.Error("llistxattr", path);
        }
        int start = 0;
        for (int i = 0; i < size; i++)
        {
            if (names[i] != 0) continue;
            byte[] name = names[start..i];
            start = i + 1;
            if (name.Length == 0) continue;
            result.Add((name, GetXattr(path, name)));
        }
        result.Sort((a, b) => a.Item1.AsSpan().SequenceCompareTo(b.Item1));
        return result;
    }

    private static unsafe byte[] GetXattr(string path, byte[] name)
    {
        byte[] terminated = [.. name, 0];
        fixed (byte* namePointer = terminated)
        {
            for (int attempt = 0; attempt < 4; attempt++)
            {
                nint size = LibC.Lgetxattr(path, namePointer, null, 0);
                if (size < 0) throw LibC.Error("lgetxattr", path);
                var value = new byte[size];
                fixed (byte* valuePointer = value)
                {
                    nint read = LibC.Lgetxattr(path, namePointer, valuePointer, value.Length);
                    if (read >= 0) return value[..(int)read];
                    if (Marshal.GetLastPInvokeError() != LibC.ERANGE) throw LibC.Error("lgetxattr", path);
                }
            }
        }
        throw new IOException($"{path}: xattr keeps changing size");
    }
}
