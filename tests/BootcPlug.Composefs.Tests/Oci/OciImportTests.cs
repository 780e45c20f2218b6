using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.Oci;

public sealed class OciImportTests(UmociImageFixture image) : IClassFixture<UmociImageFixture>
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Imported_image_is_tagged_and_has_its_streams_config_and_composefs_image(bool archive)
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        var source = OciImageReference.Parse(archive ? "oci-archive:" + image.Archive + ":t" : "oci:" +
            image.Layout + ":t");

        var result = OciImporter.Import(repository.Repository, source, "example.com/os:t");

        Assert.Equal(3, result.LayersImported);
        var stored = OciRepository.Open(repository.Repository, "example.com/os:t");
        Assert.Equal(result.Image.ManifestDigest, stored.ManifestDigest);
        Assert.Equal(result.ImageId, stored.ImageId);
        Assert.Equal("42.1", stored.Config.Version);
        Assert.Equal("2026-11-30T12:00:00Z", stored.Config.Created);
        Assert.Equal("amd64", stored.Config.Architecture);
        Assert.Equal(3, stored.LayerStreams.Count);
        Assert.Equal("../../oci-manifest-" + stored.ManifestDigest,
            new FileInfo(Path.Combine(repository.Path, "streams/refs/oci/example.com%2Fos:t")).LinkTarget);
        foreach (var diffId in stored.Config.DiffIds)
            Assert.True(File.Exists(Path.Combine(repository.Path, "streams", OciStreamNames.Layer(diffId))));
        Assert.True(File.Exists(Path.Combine(repository.Path, "streams", OciStreamNames.Config(stored.ConfigDigest))));
        Assert.True(File.Exists(Path.Combine(repository.Path, "images", result.ImageId.ToHex())));
        var tags = OciRepository.ListTags(repository.Repository);
        Assert.Equal([("example.com/os:t", stored.ManifestDigest)], tags);
    }

    [SkippableFact]
    public void Layout_and_archive_give_the_same_image()
    {
        image.Require();
        using var first = new TestRepository(FsVerityAlgorithm.Sha256);
        using var second = new TestRepository(FsVerityAlgorithm.Sha256);
        var a = OciImporter.Import(first.Repository, OciImageReference.Parse("oci:" + image.Layout + ":t"), "a");
        var b = OciImporter.Import(second.Repository, OciImageReference.Parse("oci-archive:" + image.Archive), "b");
        // skopeo may rewrite the manifest (and so its digest) when it writes the archive; the content is the same.
        Assert.Equal(a.Image.ConfigDigest, b.Image.ConfigDigest);
        Assert.Equal(a.Image.LayerStreams, b.Image.LayerStreams);
        Assert.Equal(a.ImageId, b.ImageId);
    }

    [SkippableFact]
    public void Merged_layers_list_like_umoci_unpack()
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        var result = OciImporter.Import(repository.Repository, OciImageReference.Parse("oci:" + image.Layout + ":t"),
            "t");

        var ours = TreeListing.OfTree(OciRepository.MergeLayers(repository.Repository, result.Image),
            repository.Repository);
        var umoci = TreeListing.OfDirectory(Path.Combine(image.Unpacked, "rootfs"));

        Assert.Equal(umoci, ours);
        Assert.Contains(ours, line => line.StartsWith("/usr/bin/tool-link file ", StringComparison.Ordinal)
            && line.EndsWith(" link=/usr/bin/tool", StringComparison.Ordinal));
        Assert.Contains(ours, line => line.StartsWith("/usr/bin/tool file ", StringComparison.Ordinal)
            && line.Contains("security.capability=") && line.Contains("user.test=68656c6c6f"));
        Assert.Contains(ours, line => line.StartsWith("/etc/hostname ", StringComparison.Ordinal)
            && line.Contains("trusted.test=7476"));
        Assert.DoesNotContain(ours, line => line.StartsWith("/etc/old.conf ", StringComparison.Ordinal));
        Assert.DoesNotContain(ours, line => line.StartsWith("/opt/data/a ", StringComparison.Ordinal));
        Assert.Contains(ours, line => line.StartsWith("/opt/data/c ", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Image_tree_is_transformed_as_composefs_rs_does_and_holds_the_kernel()
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        var result = OciImporter.Import(repository.Repository, OciImageReference.Parse("oci:" + image.Layout + ":t"),
            "t");

        var tree = OciRepository.ImageTree(repository.Repository, result.Image);

        var modules = tree.Find("usr/lib/modules/" + UmociImageFixture.KernelVersion)!;
        Assert.IsType<Tree.ExternalFile>(modules.Leaf("vmlinuz")!.Content);
        Assert.NotNull(modules.Leaf("initramfs.img"));
        Assert.Empty(tree.Directory("run")!.Names);
        Assert.Equal(tree.Directory("usr")!.Stat.MtimeSeconds, tree.Directory("run")!.Stat.MtimeSeconds);
        Assert.Equal(tree.Directory("usr")!.Stat.MtimeSeconds, tree.Stat.MtimeSeconds);
        var tool = tree.Find("usr/bin")!.Leaf("tool")!;
        Assert.Equal(["security.capability"],
            tool.Stat.Xattrs.Select(x => System.Text.Encoding.UTF8.GetString(x.Name)));
        Assert.Empty(tree.Find("etc")!.Leaf("hostname")!.Stat.Xattrs);
        // The committed image is what this tree writes in the repository's layout.
        var expected = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512,
            Composefs.Erofs.ErofsImageWriter.Write(tree.ToFsDirectory(), repository.Repository.ImageFormat));
        Assert.Equal(expected, result.ImageId);
    }

    [SkippableFact]
    public void Importing_the_same_image_twice_writes_nothing_new()
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        var source = OciImageReference.Parse("oci:" + image.Layout + ":t");
        var first = OciImporter.Import(repository.Repository, source, "t");
        var before = Snapshot(repository.Path);

        var second = OciImporter.Import(repository.Repository, source, "t");

        Assert.Equal(0, second.LayersImported);
        Assert.Equal(3, second.LayersPresent);
        Assert.Equal(first.ImageId, second.ImageId);
        Assert.Equal(before, Snapshot(repository.Path));
    }

    [SkippableFact]
    public void Image_sharing_layers_reuses_them_and_gc_keeps_them_for_the_tagged_image()
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        var t = OciImporter.Import(repository.Repository, OciImageReference.Parse("oci:" + image.Layout + ":t"), "t");
        var u = OciImporter.Import(repository.Repository, OciImageReference.Parse("oci:" + image.Layout + ":u"), "u");
        Assert.Equal(3, u.LayersPresent);
        Assert.Equal(1, u.LayersImported);

        File.Delete(Path.Combine(repository.Path, "streams/refs/oci/u"));
        var gc = repository.Gc();

        Assert.True(gc.ObjectsRemoved > 0);
        var kept = OciRepository.Open(repository.Repository, "t");
        Assert.Equal(t.ImageId, kept.ImageId);
        foreach (var layer in kept.LayerStreams) Assert.True(repository.Repository.HasObject(layer));
        Assert.True(repository.Repository.HasObject(t.ImageId));
        // Everything the image reaches is still there: its tree reads every external object.
        var listing = TreeListing.OfTree(OciRepository.MergeLayers(repository.Repository, kept), repository.Repository);
        Assert.NotEmpty(listing);
        var uniqueLayer = u.Image.Config.DiffIds[^1];
        Assert.False(File.Exists(Path.Combine(repository.Path, "streams", OciStreamNames.Layer(uniqueLayer))));
        Assert.False(repository.Repository.HasObject(u.ImageId));
        Assert.False(File.Exists(Path.Combine(repository.Path, "streams",
            OciStreamNames.Manifest(u.Image.ManifestDigest))));
    }

    [SkippableFact]
    public void Untagged_image_is_removed_completely_by_gc()
    {
        image.Require();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        OciImporter.Import(repository.Repository, OciImageReference.Parse("oci:" + image.Layout + ":t"), "t");
        File.Delete(Path.Combine(repository.Path, "streams/refs/oci/t"));

        repository.Gc();

        Assert.Equal(0, repository.CountObjects());
        Assert.Equal(["refs"], Directory.EnumerateFileSystemEntries(Path.Combine(repository.Path, "streams"))
            .Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(repository.Path, "images")),
            p => Path.GetFileName(p) != "refs");
    }

    internal static List<string> Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(root, p)} {File.GetLastWriteTimeUtc(p).Ticks} "
                + $"{new FileInfo(p).LinkTarget}")
            .Order(StringComparer.Ordinal).ToList();
}
