using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.Erofs;

public sealed class GoldenImageTests
{
    private static string Sha256Of(byte[] image) => FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, image).ToHex();

    [Fact]
    public void Empty_image_matches_pinned_digest()
    {
        byte[] image = ErofsImageWriter.Write(Trees.Empty());
        Assert.Equal(4096, image.Length);
        Assert.Equal(Trees.EmptyImageSha256, Sha256Of(image));
    }

    [Fact]
    public void Empty_image_bytes_match_appendix_a()
    {
        byte[] image = ErofsImageWriter.Write(Trees.Empty());
        Assert.Equal(Convert.FromHexString("9a6278d00100000000000000020000000000000000000000"), image[..24]);
        Assert.Equal(Convert.FromHexString("e2e1f5e000000000060000000c0024000100000000000000"), image[0x400..0x418]);
        Assert.Equal(Convert.FromHexString("05000000ed4100001b00000000000000"), image[0x480..0x490]);
        Assert.Equal(Convert.FromHexString("24000000000000001800020024000000000000001900020" + "02e2e2e"),
            image[0x4c0..0x4db]);
    }

    [Fact]
    public void Simple_image_matches_pinned_digest()
    {
        byte[] image = ErofsImageWriter.Write(Trees.Simple());
        Assert.Equal(4096, image.Length);
        Assert.Equal(Trees.SimpleImageSha256, Sha256Of(image));
    }

    [Fact]
    public void Simple_image_external_inode_matches_appendix_b()
    {
        byte[] image = ErofsImageWriter.Write(Trees.Simple());
        // nid 50: chunk-based, 37 xattr words, mode 0100000, size 1234, u 31, filter 0x7FFDFFFF.
        Assert.Equal(Convert.FromHexString("0900250000800000d204000000000000" + "1f000000" + "32000000"),
            image[0x640..0x658]);
        Assert.Equal(Convert.FromHexString("fffffd7f"), image[0x680..0x684]);
        Assert.Equal(Convert.FromHexString("ffffffff"), image[0x71c..0x720]);
        Assert.Equal(8ul, BitConverter.ToUInt64(image, 0x410));
    }
}
