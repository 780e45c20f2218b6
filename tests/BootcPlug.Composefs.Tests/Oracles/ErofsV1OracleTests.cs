using BootcPlug.Composefs.Dumpfile;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Tests.Erofs;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Composefs.Tree;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oracles;

/// <summary>V1 images checked by fsck.erofs and read back by our reader (what GC and fsck read on a V1 host).</summary>
public sealed class ErofsV1OracleTests
{
    public static TheoryData<string> TreeNames => new() { "empty", "simple", "mixed", "special" };

    private static FsDirectory TreeNamed(string name) => name switch
    {
        "empty" => Trees.Empty(),
        "simple" => Trees.Simple(),
        "special" => DumpfileParser.Parse(V1GoldenImageTests.SpecialV1Dump),
        _ => SampleTrees.Mixed(),
    };

    [SkippableTheory]
    [MemberData(nameof(TreeNames))]
    public void Fsck_erofs_accepts_our_v1_images(string name)
    {
        Oracle.RequireTools("fsck.erofs");
        using var dir = new TempDir();
        string image = dir.WriteFile("image.erofs", ErofsImageWriter.Write(TreeNamed(name), ErofsFormatVersion.V1));
        var fsck = Oracle.MustSucceed(Oracle.Run("fsck.erofs", image), "fsck.erofs");
        Assert.DoesNotContain("corrupt", fsck.Stderr + fsck.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(TreeNames))]
    public void V1_and_v2_images_of_one_tree_name_the_same_objects(string name)
    {
        var tree = TreeNamed(name);
        var v1 = ErofsImage.Open(ErofsImageWriter.Write(tree, ErofsFormatVersion.V1), "v1");
        var v2 = ErofsImage.Open(ErofsImageWriter.Write(tree, ErofsFormatVersion.V2), "v2");
        var fromV1 = ImageObjectReferences.Collect(v1, null);
        Assert.True(ImageObjectReferences.Collect(v2, null).SetEquals(fromV1));
        Assert.Equal(1u, v1.ComposefsVersion);
        var root = ImageTreeReader.Read(v1);
        Assert.True(root.TryGet("00"u8.ToArray(), out var stub), "the V1 root holds the whiteout stubs");
        Assert.Equal(new CharacterDevice(0), ((FsLeaf)stub).Content);
    }
}
