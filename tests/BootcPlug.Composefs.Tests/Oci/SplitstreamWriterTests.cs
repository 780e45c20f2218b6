using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Oci;

public sealed class SplitstreamWriterTests
{
    private static readonly ObjectId A = FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, "a"u8);
    private static readonly ObjectId B = FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, "b"u8);

    [Fact]
    public void Reader_reads_what_the_writer_writes()
    {
        using var writer = new SplitstreamWriter(FsVerityAlgorithm.Sha256, 0x1122334455667788);
        writer.AddNamedRef("zeta", A);
        writer.AddNamedRef("config:sha256:x", B);
        writer.AddNamedRef("alpha", A);
        writer.WriteInline("head"u8);
        writer.WriteInline("er"u8);
        writer.WriteExternal(B, 1000);
        writer.WriteExternal(A, 10);
        writer.WriteExternal(B, 1000);
        writer.WriteInline("tail"u8);
        byte[] data = writer.Finish();

        var parsed = Splitstream.Parse(data, "s", FsVerityAlgorithm.Sha256);
        Assert.False(parsed.OldLayout);
        Assert.Equal(0x1122334455667788ul, parsed.ContentType);
        Assert.Equal((ulong)(6 + 1000 + 10 + 1000 + 4), parsed.StreamSize);
        Assert.Equal([A, B], parsed.StreamRefs);
        Assert.Equal([B, A], parsed.ObjectRefs);
        Assert.Equal(["alpha", "config:sha256:x", "zeta"], parsed.NamedRefs.Select(r => r.Name));
        Assert.Equal([A, B, A], parsed.NamedRefs.Select(r => r.Target));

        using var reader = SplitstreamContentReader.Open(data, "s", FsVerityAlgorithm.Sha256, 0x1122334455667788);
        byte[] content = reader.ReadToEnd(id => id == A ? "[A]"u8.ToArray() : "[B]"u8.ToArray());
        Assert.Equal("header[B][A][B]tail", System.Text.Encoding.ASCII.GetString(content));
    }

    [Fact]
    public void Named_refs_section_is_a_zstd_frame_even_without_refs()
    {
        using var writer = new SplitstreamWriter(FsVerityAlgorithm.Sha512, 1);
        byte[] data = writer.Finish();
        var parsed = Splitstream.Parse(data, "s", FsVerityAlgorithm.Sha512);
        Assert.Empty(parsed.NamedRefs);
        Assert.Equal(0ul, parsed.StreamSize);
        // Header, 80-byte info, then the named_refs zstd frame (magic 28 b5 2f fd).
        Assert.Equal([0x28, 0xb5, 0x2f, 0xfd], data.AsSpan(112, 4).ToArray());
    }

    [Fact]
    public void Layer_split_keeps_the_tar_bytes_and_stores_large_files_as_objects()
    {
        byte[] big = TestData.Gen(5000, 3);
        byte[] tar = new LayerTar()
            .Directory("usr/")
            .File("usr/small", new byte[64])
            .File("usr/big", big)
            .File("usr/big-again", big)
            .ToArray();
        using var repository = new TestRepository(FsVerityAlgorithm.Sha256);
        var (writer, diffId) = LayerSplitter.Split(repository.Repository, new MemoryStream(tar), "layer");
        byte[] data;
        using (writer) data = writer.Finish();

        Assert.Equal(OciLayoutWriter.Sha256(tar), diffId.Value);
        var parsed = Splitstream.Parse(data, "layer", FsVerityAlgorithm.Sha256);
        var bigId = FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, big);
        Assert.Equal([bigId], parsed.ObjectRefs);
        Assert.Equal((ulong)tar.Length, parsed.StreamSize);
        Assert.True(repository.Repository.HasObject(bigId));
        using var reader = SplitstreamContentReader.Open(data, "layer", FsVerityAlgorithm.Sha256,
            LayerSplitter.LayerContentType);
        Assert.Equal(tar, reader.ReadToEnd(id => File.ReadAllBytes(repository.Repository.ObjectPath(id))));
    }
}
