using System.Buffers.Binary;
using System.Runtime.InteropServices;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// What a path in a tree to deploy is, by lstat, so that nothing opens a FIFO, socket or device (a read of a FIFO
/// blocks forever) or follows a link out of the tree; and special files copied as what they are.
/// </summary>
public static class TreeFiles
{
    private const uint TypeMask = 0xF000, TypeRegular = 0x8000, TypeDirectory = 0x4000, TypeSymlink = 0xA000;

    /// <summary>The lstat mode (type and permission bits) and device number of <paramref name="path"/>.</summary>
    public static (uint Mode, ulong Rdev) Lstat(string path) => Stat(path, followLinks: false);

    private static (uint Mode, ulong Rdev) Stat(string path, bool followLinks)
    {
        const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
        const uint STATX_TYPE_MODE = 0x3;
        var buffer = new byte[256];
        if (LibC.Statx(AT_FDCWD, path, followLinks ? 0 : AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE, buffer) != 0)
            throw new IOException($"{path}: {(followLinks ? "stat" : "lstat")} failed: "
                + $"{Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        uint major = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(128)),
            minor = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(132));
        // glibc's dev_t encoding of (major, minor).
        ulong rdev = ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8)
            | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
        return (mode, rdev);
    }

    /// <summary>A FIFO, socket, character or block device: neither a regular file, a directory nor a symlink.</summary>
    public static bool IsSpecial(string path) =>
        (Lstat(path).Mode & TypeMask) is not (TypeRegular or TypeDirectory or TypeSymlink);

    /// <summary>
    /// Refuses anything but a regular file (a symlink is not followed), naming what the file was wanted for.
    /// </summary>
    public static void RequireRegularFile(string path, string role)
    {
        uint type = Lstat(path).Mode & TypeMask;
        if (type == TypeRegular) return;
        string what = type switch
        {
            TypeSymlink => "a symbolic link (not followed)",
            TypeDirectory => "a directory",
            0x1000 => "a FIFO",
            0xC000 => "a socket",
            0x2000 => "a character device",
            0x6000 => "a block device",
            _ => $"a file of type 0{Convert.ToString(type >> 12, 8)}",
        };
        throw new OperationFailedException($"{path}: {role} must be a regular file, not {what}");
    }

    /// <summary>
    /// Refuses a path that does not lead (through links, which the bootloader plugins may use) to a regular file.
    /// </summary>
    public static void RequireRegularTarget(string path)
    {
        if ((Stat(path, followLinks: true).Mode & TypeMask) != TypeRegular)
            throw new OperationFailedException($"{path}: not a regular file");
    }

    /// <summary>
    /// Creates at <paramref name="destination"/> a special file of the same type, permissions and device number as
    /// <paramref name="source"/>.
    /// </summary>
    public static void CopySpecial(string source, string destination)
    {
        var (mode, rdev) = Lstat(source);
        if (LibC.Mknod(destination, mode, rdev) != 0)
            throw new IOException(
                $"{destination}: mknod failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        // mknod applies the umask; the copy keeps the source's bits.
        File.SetUnixFileMode(destination, (UnixFileMode)(mode & 0xFFF));
    }
}
