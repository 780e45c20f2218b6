using System.Runtime.InteropServices;
using BootcPlug.Testing;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Platform.Tests;

/// <summary>
/// The fs-verity ioctl arguments against linux/fsverity.h, and the calls on this machine's filesystems.
/// </summary>
public sealed class KernelFsVerityTests
{
    [Fact]
    public void Ioctl_numbers_are_the_kernel_ones()
    {
        // FS_IOC_ENABLE_VERITY = _IOW('f', 133, struct fsverity_enable_arg);
        // FS_IOC_MEASURE_VERITY = _IOWR('f', 134, 4).
        Assert.Equal((nuint)0x40806685, KernelFsVerity.EnableVerity);
        Assert.Equal((nuint)0xC0046686, KernelFsVerity.MeasureVerity);
    }

    [Fact]
    public void Enable_argument_has_the_documented_layout()
    {
        Assert.Equal(128, Marshal.SizeOf<FsVerityEnableArg>());
        Assert.Equal(0, Offset(nameof(FsVerityEnableArg.Version)));
        Assert.Equal(4, Offset(nameof(FsVerityEnableArg.HashAlgorithm)));
        Assert.Equal(8, Offset(nameof(FsVerityEnableArg.BlockSize)));
        Assert.Equal(12, Offset(nameof(FsVerityEnableArg.SaltSize)));
        Assert.Equal(16, Offset(nameof(FsVerityEnableArg.SaltPointer)));
        Assert.Equal(24, Offset(nameof(FsVerityEnableArg.SignatureSize)));
        Assert.Equal(28, Offset(nameof(FsVerityEnableArg.Reserved1)));
        Assert.Equal(32, Offset(nameof(FsVerityEnableArg.SignaturePointer)));
        Assert.Equal(40, Offset(nameof(FsVerityEnableArg.Reserved2)));
    }

    [Fact]
    public void Digest_header_is_two_u16_before_the_digest()
    {
        Assert.Equal(KernelFsVerity.FsVerityDigestHeaderSize, Marshal.SizeOf<FsVerityDigestHeader>());
        Assert.Equal(0, (int)Marshal.OffsetOf<FsVerityDigestHeader>(nameof(FsVerityDigestHeader.DigestAlgorithm)));
        Assert.Equal(2, (int)Marshal.OffsetOf<FsVerityDigestHeader>(nameof(FsVerityDigestHeader.DigestSize)));
    }

    private static int Offset(string field) => (int)Marshal.OffsetOf<FsVerityEnableArg>(field);

    [Theory]
    [InlineData(LibC.ENOTTY, true)]
    [InlineData(LibC.EOPNOTSUPP, true)] // = ENOTSUP on Linux
    [InlineData(LibC.EEXIST, false)]
    [InlineData(LibC.ETXTBSY, false)]
    [InlineData(LibC.EPERM, false)]
    public void Only_enotty_and_eopnotsupp_mean_unsupported(int errno, bool unsupported)
    {
        Assert.Equal(unsupported, KernelFsVerity.IsUnsupported(errno));
    }

    /// <summary>
    /// On a filesystem or kernel without fs-verity (this machine's kernel has none) enabling reports NotSupported
    /// and measuring finds no digest; where it is supported, the kernel's digest is the one we compute.
    /// </summary>
    [Fact]
    public void Enable_then_measure_on_a_temp_file_agrees_with_the_kernel()
    {
        using var dir = new TempDir();
        string path = dir.WriteFile("object", "hello world"u8.ToArray());
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var outcome = KernelFsVerity.Enable(file, 1, path);
        byte[]? digest = KernelFsVerity.Measure(file, 1, 32, path);
        if (outcome == VerityEnableOutcome.NotSupported)
        {
            Assert.Null(digest);
            return;
        }
        Assert.Equal("1e2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64",
            Convert.ToHexStringLower(digest!));
    }
}
