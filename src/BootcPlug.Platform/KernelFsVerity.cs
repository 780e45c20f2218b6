using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Platform;

/// <summary>What enabling fs-verity on a file did.</summary>
public enum VerityEnableOutcome
{
    Enabled,
    AlreadyEnabled,

    /// <summary>The filesystem (or kernel) has no fs-verity: ENOTTY, EOPNOTSUPP/ENOTSUP.</summary>
    NotSupported,
}

/// <summary>
/// The kernel's fs-verity ioctls (linux/fsverity.h): FS_IOC_ENABLE_VERITY with 4 KiB blocks and no salt or
/// signature, and FS_IOC_MEASURE_VERITY.
/// </summary>
public static class KernelFsVerity
{
    private const uint IocWrite = 1, IocRead = 2;

    /// <summary>
    /// _IOC(dir, type, nr, size) of asm-generic/ioctl.h: dir bits 30-31, size 16-29, type 8-15, nr 0-7.
    /// </summary>
    public static nuint Ioc(uint direction, char type, uint number, int size) =>
        (nuint)(direction << 30 | (uint)size << 16 | (uint)type << 8 | number);

    /// <summary>_IOW('f', 133, struct fsverity_enable_arg).</summary>
    public static readonly nuint EnableVerity = Ioc(IocWrite, 'f', 133, Marshal.SizeOf<FsVerityEnableArg>());

    /// <summary>_IOWR('f', 134, struct fsverity_digest): the size is the 4-byte header without the digest.</summary>
    public static readonly nuint MeasureVerity = Ioc(IocWrite | IocRead, 'f', 134, FsVerityDigestHeaderSize);

    public const int FsVerityDigestHeaderSize = 4;
    public const uint BlockSize = 4096;

    /// <summary>ENOTTY and EOPNOTSUPP (= ENOTSUP on Linux): the filesystem or the kernel cannot do fs-verity.</summary>
    public static bool IsUnsupported(int errno) => errno is LibC.ENOTTY or LibC.EOPNOTSUPP;

    /// <summary>
    /// Enables fs-verity on a file opened read-only (no writable descriptor may be open anywhere: ETXTBSY).
    /// <paramref name="hashAlgorithm"/> is FS_VERITY_HASH_ALG_SHA256 (1) or _SHA512 (2).
    /// </summary>
    public static unsafe VerityEnableOutcome Enable(SafeFileHandle file, byte hashAlgorithm, string path)
    {
        var argument = new FsVerityEnableArg { Version = 1, HashAlgorithm = hashAlgorithm, BlockSize = BlockSize };
        if (LibC.Ioctl(file, EnableVerity, &argument) == 0) return VerityEnableOutcome.Enabled;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == LibC.EEXIST) return VerityEnableOutcome.AlreadyEnabled;
        if (IsUnsupported(errno)) return VerityEnableOutcome.NotSupported;
        throw LibC.Error("FS_IOC_ENABLE_VERITY", path, errno);
    }

    /// <summary>
    /// The file's fs-verity digest as the kernel keeps it, or null when the file has none (ENODATA) or the
    /// filesystem cannot have one. A digest of another algorithm than asked for is an error.
    /// </summary>
    public static unsafe byte[]? Measure(SafeFileHandle file, byte hashAlgorithm, int digestSize, string path)
    {
        bool added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return Measure((int)file.DangerousGetHandle(), hashAlgorithm, digestSize, path);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    /// <inheritdoc cref="Measure(SafeFileHandle, byte, int, string)"/>
    public static unsafe byte[]? Measure(int file, byte hashAlgorithm, int digestSize, string path)
    {
        byte* buffer = stackalloc byte[FsVerityDigestHeaderSize + 64];
        var header = (FsVerityDigestHeader*)buffer;
        header->DigestAlgorithm = 0;
        header->DigestSize = 64;
        if (LibC.Ioctl(file, MeasureVerity, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.ENODATA || IsUnsupported(errno)) return null;
            throw LibC.Error("FS_IOC_MEASURE_VERITY", path, errno);
        }
        if (header->DigestAlgorithm != hashAlgorithm || header->DigestSize != digestSize)
            throw new IOException(
                $"{path}: fs-verity uses hash algorithm {header->DigestAlgorithm} ({header->DigestSize}-byte digest), "
                + $"not {hashAlgorithm}");
        return new ReadOnlySpan<byte>(buffer + FsVerityDigestHeaderSize, digestSize).ToArray();
    }
}

/// <summary>struct fsverity_enable_arg (128 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FsVerityEnableArg
{
    public uint Version;
    public uint HashAlgorithm;
    public uint BlockSize;
    public uint SaltSize;
    public ulong SaltPointer;
    public uint SignatureSize;
    public uint Reserved1;
    public ulong SignaturePointer;
    public fixed ulong Reserved2[11];
}

/// <summary>The header of struct fsverity_digest; the digest bytes follow it.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FsVerityDigestHeader
{
    public ushort DigestAlgorithm;
    public ushort DigestSize;
}
