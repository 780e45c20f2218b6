using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oci;

/// <summary>Images composefs-rs pins for OCI imports: the same image imported by us must get the same id.</summary>
public sealed class ComposefsRsVectorTests
{
    /// <summary>
    /// composefs-rs' CLI integration tests build an OCI layout with one layer (a usr/ directory, hello.txt and a
    /// hardlink to it, all mtime 1234567890) and pin the V2 composefs image id cfsctl oci pull gives it in a
    /// sha512 repository (OCI_LAYOUT_COMPOSEFS_ID).
    /// </summary>
    private const string OciLayoutComposefsId =
        "f7684c21050615c02cec250e0c7d4118fb0ff6340af5039e06f2f372a7614fff25dfd38cf7f28ad67"
        + "d8b86e86371b7deafa9ae4bf543630322aee6196417de92";

    [Theory]
    [InlineData("gzip", System.Formats.Tar.TarEntryFormat.Gnu)]
    [InlineData("zstd", System.Formats.Tar.TarEntryFormat.Pax)]
    [InlineData("none", System.Formats.Tar.TarEntryFormat.Ustar)]
    public void Oci_layout_of_composefs_rs_cli_tests_gets_its_pinned_image_id(string compression,
        System.Formats.Tar.TarEntryFormat format)
    {
        using var temp = new TempDir();
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        layout.AddLayer(new LayerTar(format)
            .Directory("usr/")
            .File("hello.txt", "hello from test layer\n")
            .HardLink("hello-link.txt", "hello.txt")
            .ToArray(), compression);
        layout.Finish("test");
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);

        var result = OciImporter.Import(repository.Repository,
            OciImageReference.Parse("oci:" + layout.Directory + ":test"), "test-image");

        Assert.Equal(OciLayoutComposefsId, result.ImageId.ToHex());
        Assert.True(File.Exists(Path.Combine(repository.Path, "images", OciLayoutComposefsId)));
    }
}
