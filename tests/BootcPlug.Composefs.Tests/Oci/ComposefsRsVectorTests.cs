using BootcPlug.Composefs.Erofs;
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
    /// hardlink to it, all mtime 1234567890) and pin the composefs image id cfsctl oci pull gives it in a sha512
    /// repository, in each EROFS layout: OCI_LAYOUT_COMPOSEFS_ID (V2) and OCI_LAYOUT_COMPOSEFS_V1_ID (V1).
    /// </summary>
    private const string OciLayoutComposefsV2Id =
        "f7684c21050615c02cec250e0c7d4118fb0ff6340af5039e06f2f372a7614fff25dfd38cf7f28ad67"
        + "d8b86e86371b7deafa9ae4bf543630322aee6196417de92";

    private const string OciLayoutComposefsV1Id =
        "d06f1f6a73f62ed48e05ce9442ff045cdf2a9f5ba1ec623795de3d6177a253d9"
        + "1076459795d94f55d8c3d71dab458bb3fc0071255a50c0a4896d86ffdc870b9a";

    public static TheoryData<string, System.Formats.Tar.TarEntryFormat, ErofsFormatVersion, string> Vectors()
    {
        var data = new TheoryData<string, System.Formats.Tar.TarEntryFormat, ErofsFormatVersion, string>();
        foreach (var (version, id) in new[]
            { (ErofsFormatVersion.V2, OciLayoutComposefsV2Id), (ErofsFormatVersion.V1, OciLayoutComposefsV1Id) })
        {
            data.Add("gzip", System.Formats.Tar.TarEntryFormat.Gnu, version, id);
            data.Add("zstd", System.Formats.Tar.TarEntryFormat.Pax, version, id);
            data.Add("none", System.Formats.Tar.TarEntryFormat.Ustar, version, id);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Oci_layout_of_composefs_rs_cli_tests_gets_its_pinned_image_id(string compression,
        System.Formats.Tar.TarEntryFormat format, ErofsFormatVersion version, string pinnedId)
    {
        using var temp = new TempDir();
        var layout = WriteCliTestLayout(temp, compression, format);
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);

        var result = OciImporter.Import(repository.Repository,
            OciImageReference.Parse("oci:" + layout.Directory + ":test"), "test-image", imageFormat: version);

        Assert.Equal(pinnedId, result.ImageId.ToHex());
        Assert.True(File.Exists(Path.Combine(repository.Path, "images", pinnedId)));
    }

    [Fact]
    public void Import_writes_the_layout_the_repository_asks_for()
    {
        using var temp = new TempDir();
        var layout = WriteCliTestLayout(temp, "gzip", System.Formats.Tar.TarEntryFormat.Gnu);
        using var repository = new TestRepository(FsVerityAlgorithm.Sha512);
        Assert.Equal(ErofsFormatVersion.V1, repository.Repository.ImageFormat);

        var result = OciImporter.Import(repository.Repository,
            OciImageReference.Parse("oci:" + layout.Directory + ":test"), "test-image");

        Assert.Equal(OciLayoutComposefsV1Id, result.ImageId.ToHex());
    }

    private static OciLayoutWriter WriteCliTestLayout(TempDir temp, string compression,
        System.Formats.Tar.TarEntryFormat format)
    {
        var layout = new OciLayoutWriter(temp.Combine("layout"));
        layout.AddLayer(new LayerTar(format)
            .Directory("usr/")
            .File("hello.txt", "hello from test layer\n")
            .HardLink("hello-link.txt", "hello.txt")
            .ToArray(), compression);
        layout.Finish("test");
        return layout;
    }
}
