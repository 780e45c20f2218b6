using BootcPlug.Composefs.Dumpfile;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.Erofs;

/// <summary>
/// The V1 (C mkcomposefs --min-version=1) layout against the sha256 fs-verity digests composefs-rs pins for it
/// (its tests/mkfs.rs: test_erofs_digest_stability and test_vs_mkcomposefs_min_version_1, the latter checked by
/// composefs-rs against C mkcomposefs 1.0.8).
/// </summary>
public sealed class V1GoldenImageTests
{
    public const string EmptyV1Sha256 = "14a26c957c84f6eb774b91205476adc13196c7c33b9dd97d08d43725ecb90b63";
    public const string SimpleV1Sha256 = "ad6db6427568a1e4fdc772cbab7b6063f5eb4b33cb62982a740ba9213e5962b5";
    public const string SpecialV1Sha256 = "b1c78c25db8638be5b9b483472d32ee9624d8d32ded626a91cd536116e8df97c";

    /// <summary>composefs-rs's trimmed copy of the C test suite's special_v1.dump.</summary>
    public static readonly string SpecialV1Dump = string.Join('\n',
        @"/ 4096 40555 2 0 0 0 1633950376.0 - - - trusted.foo1=bar-1 user.foo2=bar-2",
        @"/blockdev 0 60777 1 0 0 107690 1633950376.0 - - - trusted.bar=bar-2",
        @"/chardev 0 20777 1 0 0 10769 1633950376.0 - - - trusted.foo=bar-2",
        @"/escaped-xattr 0 100777 1 0 0 0 1633950376.0 - - - "
            + @"trusted.overlay.redirect=/foo\n user.overlay.redirect=/foo\n user.foo=bar-2",
        @"/fifo 0 10777 1 0 0 0 1633950376.0 - - - trusted.bar=bar-2",
        @"/inline 15 100777 1 0 0 0 1633950376.0 - FOOBAR\nINAFILE\n - user.foo=bar-2",
        @"/whiteout 0 20777 1 0 0 0 1633950376.0 - - - trusted.foo=bar-2",
        "");

    private static string Sha256Of(byte[] image) => FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, image).ToHex();

    [Fact]
    public void Empty_tree_matches_the_pinned_v1_digest()
    {
        Assert.Equal(EmptyV1Sha256, Sha256Of(ErofsImageWriter.Write(Trees.Empty(), ErofsFormatVersion.V1)));
    }

    [Fact]
    public void Simple_tree_matches_the_pinned_v1_digest()
    {
        Assert.Equal(SimpleV1Sha256, Sha256Of(ErofsImageWriter.Write(Trees.Simple(), ErofsFormatVersion.V1)));
    }

    [Fact]
    public void Special_dumpfile_matches_the_pinned_v1_digest()
    {
        var tree = DumpfileParser.Parse(SpecialV1Dump);
        Assert.Equal(SpecialV1Sha256, Sha256Of(ErofsImageWriter.Write(tree, ErofsFormatVersion.V1)));
    }

    [Fact]
    public void V1_header_says_composefs_version_1_and_the_build_time_is_the_smallest_mtime()
    {
        byte[] image = ErofsImageWriter.Write(DumpfileParser.Parse(SpecialV1Dump), ErofsFormatVersion.V1);
        Assert.Equal(1u, BitConverter.ToUInt32(image, 12));
        Assert.Equal(1633950376ul, BitConverter.ToUInt64(image, 0x400 + 24));
        Assert.NotEqual(0u, BitConverter.ToUInt32(image, 0x400 + 44));
    }

    [Fact]
    public void V2_stays_the_default_of_the_single_argument_writer()
    {
        Assert.Equal(
            ErofsImageWriter.Write(Trees.Simple()), ErofsImageWriter.Write(Trees.Simple(), ErofsFormatVersion.V2));
    }
}
