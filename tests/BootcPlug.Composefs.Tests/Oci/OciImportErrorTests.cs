using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oci;

/// <summary>
/// Bad input gives one line naming the blob or member and the problem, and leaves nothing a GC would keep: no tag
/// is written, and a gc afterwards removes every object and stream the failed import stored.
/// </summary>
public sealed class OciImportErrorTests
{
    private static byte[] BaseLayer() => new LayerTar()
        .Directory("usr/")
        .File("usr/big", TestData.Gen(5000, 9))
        .File("usr/small", "hi")
        .ToArray();

    public static TheoryData<string, string> BadLayers => new()
    {
        { "dotdot", "'usr/../../escape' leaves the image root ('..')" },
        { "absolute", "'/etc/passwd' is an absolute path" },
        { "symlink", "'etc/passwd' lies below 'etc', which is not a directory" },
        { "missing-parent", "'nowhere/file' lies in 'nowhere', which does not exist" },
        { "hardlink", "'usr/link' is a hardlink to 'usr/none', which is not a file of the layers so far" },
    };

    [Theory]
    [MemberData(nameof(BadLayers))]
    public void Escaping_or_dangling_paths_are_refused(string kind, string message)
    {
        byte[] bad = kind switch
        {
            "dotdot" => new LayerTar().File("usr/../../escape", "x").ToArray(),
            "absolute" => new LayerTar().File("/etc/passwd", "x").ToArray(),
            "symlink" => new LayerTar().Symlink("etc", "/usr").File("etc/passwd", "x").ToArray(),
            "missing-parent" => new LayerTar().File("nowhere/file", "x").ToArray(),
            _ => new LayerTar().HardLink("usr/link", "usr/none").ToArray(),
        };
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        layout.AddLayer(BaseLayer());
        layout.AddLayer(bad);
        layout.Finish("t");

        var e = ImportFails(layout.Directory, out var repository);
        using (repository)
        {
            Assert.Contains(message, e.Message);
            Assert.DoesNotContain('\n', e.Message);
            AssertGcLeavesNothing(repository);
        }
    }

    [Theory]
    [InlineData("none", "has sha256 ")]
    [InlineData("gzip", "has sha256 ")]
    [InlineData("zstd", "has sha256 ")]
    public void Corrupt_blob_is_refused_naming_it(string compression, string message)
    {
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        layout.AddLayer(BaseLayer());
        string digest = layout.AddLayer(new LayerTar().File("usr/other", TestData.Gen(3000, 1)).ToArray(),
            compression);
        layout.Finish("t");
        byte[] blob = File.ReadAllBytes(layout.BlobPath(digest));
        blob[blob.Length / 2] ^= 0x55;
        File.WriteAllBytes(layout.BlobPath(digest), blob);

        var e = ImportFails(layout.Directory, out var repository);
        using (repository)
        {
            Assert.Contains(digest, e.Message);
            Assert.Contains(message, e.Message);
            AssertGcLeavesNothing(repository);
        }
    }

    [Fact]
    public void Truncated_blob_is_refused()
    {
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        string digest = layout.AddLayer(BaseLayer(), "none");
        layout.Finish("t");
        byte[] blob = File.ReadAllBytes(layout.BlobPath(digest));
        File.WriteAllBytes(layout.BlobPath(digest), blob[..(blob.Length - 700)]);

        var e = ImportFails(layout.Directory, out var repository);
        using (repository)
        {
            Assert.Contains($"blob {digest} is truncated", e.Message);
            AssertGcLeavesNothing(repository);
        }
    }

    [Fact]
    public void Layer_whose_tar_ends_inside_a_file_is_refused()
    {
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        byte[] tar = BaseLayer();
        // A valid blob (its digest matches) of a tar cut inside usr/big's data.
        int data = tar.AsSpan().IndexOf(TestData.Gen(5000, 9).AsSpan(0, 64));
        layout.AddLayer(tar[..(data + 100)], "gzip");
        layout.Finish("t");

        var e = ImportFails(layout.Directory, out var repository);
        using (repository)
        {
            Assert.Contains("layer tar is truncated (ends inside the data of 'usr/big')", e.Message);
            AssertGcLeavesNothing(repository);
        }
    }

    [Fact]
    public void Wrong_diff_id_is_refused_and_the_layer_not_linked()
    {
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        layout.AddLayer(BaseLayer(), "gzip", "sha256:" + new string('0', 64));
        layout.Finish("t");

        var e = ImportFails(layout.Directory, out var repository);
        using (repository)
        {
            Assert.Contains($"not the config's diff_id sha256:{new string('0', 64)}", e.Message);
            Assert.False(Directory.Exists(Path.Combine(repository.Path, "streams")) && Directory
                .EnumerateFileSystemEntries(Path.Combine(repository.Path, "streams")).Any());
            AssertGcLeavesNothing(repository);
        }
    }

    private static ComposefsFormatException ImportFails(string layout, out TestRepository repository)
    {
        repository = new TestRepository(FsVerityAlgorithm.Sha256);
        var target = repository.Repository;
        return Assert.Throws<ComposefsFormatException>(() =>
            OciImporter.Import(target, OciImageReference.Parse("oci:" + layout), "t"));
    }

    private static void AssertGcLeavesNothing(TestRepository repository)
    {
        Assert.Empty(OciRepository.ListTags(repository.Repository));
        repository.Gc();
        if (Directory.Exists(Path.Combine(repository.Path, "objects")))
            Assert.Equal(0, repository.CountObjects());
        string streams = Path.Combine(repository.Path, "streams");
        if (Directory.Exists(streams))
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(streams), p => Path.GetFileName(p) != "refs");
    }
}
