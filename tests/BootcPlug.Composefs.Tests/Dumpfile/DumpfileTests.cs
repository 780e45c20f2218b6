using BootcPlug.Composefs.Dumpfile;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Tests.Dumpfile;

public sealed class DumpfileTests
{
    private const string SimpleDump =
        "/ 0 40755 2 0 0 0 1000.0 - - -\n" +
        "/empty_file 0 100644 1 0 0 0 1000.0 - - -\n" +
        "/small_file 5 100644 1 0 0 0 1000.0 - hello -\n" +
        "/symlink 7 120777 1 0 0 0 1000.0 /target - -\n";

    [Theory]
    [InlineData(FsVerityAlgorithm.Sha256, "651be2b26d75398d846ca947b8d692e05555b3549e0937c76c49ca6332e9c2ab")]
    [InlineData(FsVerityAlgorithm.Sha512, "37d0bf1b80a4538cddcd63b771c750a0cb711c30e54e6579522d764a2b0289f3"
        + "5a12927e77cd6c5966e227dcbbcf9876ef74f2eeb233661c82c29c871101b09c")]
    public void Simple_dump_builds_the_replica_image(FsVerityAlgorithm algorithm, string expected)
    {
        byte[] image = ErofsImageWriter.Write(DumpfileParser.Parse(SimpleDump));
        Assert.Equal(4096, image.Length);
        Assert.Equal(expected, FsVerityDigester.Compute(algorithm, image).ToHex());
    }

    [Fact]
    public void Simple_dump_round_trips()
    {
        Assert.Equal(SimpleDump, DumpfileWriter.Write(DumpfileParser.Parse(SimpleDump)));
    }

    [Theory]
    [InlineData("", "-")]
    [InlineData("-", "\\x2d")]
    [InlineData("a b", "a\\x20b")]
    [InlineData("a=b", "a=b")]
    [InlineData("tab\there\\", "tab\\there\\\\")]
    public void Fields_escape_like_upstream(string raw, string escaped)
    {
        Assert.Equal(escaped, DumpfileEscaping.EscapeField(System.Text.Encoding.UTF8.GetBytes(raw)));
        Assert.True(DumpfileEscaping.TryUnescape(escaped == "-" ? "" : escaped, out var back));
        Assert.Equal(raw, System.Text.Encoding.UTF8.GetString(back));
    }

    [Fact]
    public void Equals_is_escaped_only_in_xattrs()
    {
        Assert.Equal("a\\x3db", DumpfileEscaping.EscapeXattrPart("a=b"u8));
        Assert.Equal("", DumpfileEscaping.EscapeXattrPart(""u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("foo")]
    [InlineData("/foo/..")]
    [InlineData("/.")]
    [InlineData("//")]
    [InlineData("/foo/")]
    public void Invalid_paths_are_rejected(string path)
    {
        string dump = "/ 0 40755 2 0 0 0 0.0 - - -\n" + (path.Length == 0 ? "-" : path)
            + " 0 100644 1 0 0 0 0.0 - - -\n";
        var e = Assert.Throws<ComposefsFormatException>(() => DumpfileParser.Parse(dump, "test.dump"));
        Assert.Equal(2, e.Line);
        Assert.StartsWith("test.dump:2:", e.Message);
    }

    [Fact]
    public void Hardlink_lines_share_the_leaf_and_directories_canonicalize_size()
    {
        string dump =
            "/ 4096 40755 3 0 0 0 0.0 - - -\n" +
            "/d 123 40700 2 5 6 0 7.0 - - -\n" +
            "/d/f 3 100600 2 0 0 0 0.0 - abc -\n" +
            "/g 0 @120000 - - - - 0.0 /d/f - -\n";
        var root = DumpfileParser.Parse(dump);
        Assert.True(root.TryGet("g"u8.ToArray(), out var g));
        Assert.True(root.TryGet("d"u8.ToArray(), out var d));
        Assert.True(((FsDirectory)d).TryGet("f"u8.ToArray(), out var f));
        Assert.Same(f, g);
        string written = DumpfileWriter.Write(root);
        Assert.StartsWith("/ 0 40755 3 ", written);
        Assert.Contains("/d 0 40700 2 5 6 0 7.0 - - -\n", written);
        Assert.Contains("/d/f 3 100600 2 ", written);
    }

    [Fact]
    public void Xattrs_are_sorted_and_limits_enforced()
    {
        var root = DumpfileParser.Parse("/ 0 40755 2 0 0 0 0.0 - - - user.b=2 user.a=1\n");
        Assert.Equal("/ 0 40755 2 0 0 0 0.0 - - - user.a=1 user.b=2\n", DumpfileWriter.Write(root));
        string longKey = "user." + new string('k', 251);
        Assert.Throws<ComposefsFormatException>(() =>
            DumpfileParser.Parse($"/ 0 40755 2 0 0 0 0.0 - - - {longKey}=v\n"));
    }

    [Theory]
    [InlineData("/ 0 100644 1 0 0 0 0.0 - - -\n")]
    [InlineData("/x 0 40755 2 0 0 0 0.0 - - -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/f 2 100644 1 0 0 0 0.0 - abc -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/f 0 10644 1 0 0 0 0.0 - x -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/f 3 100644 1 0 0 0 0.0 - abc 00\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/a/f 0 100644 1 0 0 0 0.0 - - -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/f 0 100644 1 0 0 0 0 - - -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/f 0 100644 1 0 0 0 0.0 - \\q -\n")]
    [InlineData("/ 0 40755 2 0 0 0 0.0 - - -\n/h 0 @120000 - - - - 0.0 /missing - -\n")]
    public void Malformed_lines_are_rejected(string dump)
    {
        Assert.Throws<ComposefsFormatException>(() => DumpfileParser.Parse(dump));
    }

    [Fact]
    public void Special_characters_round_trip_through_dump_and_image()
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        root.Add(new byte[] { (byte)'-' }, new FsLeaf(FileStat.Create(0x1A4), new InlineFile("-"u8.ToArray())));
        root.Add(new byte[] { 0xC3, 0xA9, (byte)' ', (byte)'=' }, new FsLeaf(
            FileStat.Create(0x1A4, xattrs:
            [
                Xattr.Create("user.k=ey", "v a\nl"u8.ToArray()),
                Xattr.Create("trusted.overlay.redirect", "/x"u8.ToArray()),
            ]),
            new InlineFile(TestData.Gen(64, 3))));
        string dump = DumpfileWriter.Write(root);
        Assert.Contains("/- 1 100644 1 0 0 0 0.0 - \\x2d -", dump);
        var parsed = DumpfileParser.Parse(dump);
        Assert.Equal(dump, DumpfileWriter.Write(parsed));
        var fromImage = ImageTreeReader.Read(ErofsImage.Open(ErofsImageWriter.Write(parsed), "special"));
        Assert.Equal(dump, DumpfileWriter.Write(fromImage));
    }
}
