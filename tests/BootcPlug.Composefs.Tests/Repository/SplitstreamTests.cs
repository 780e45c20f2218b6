using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Repository;

public sealed class SplitstreamTests
{
    private static readonly ObjectId A = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, "a"u8);
    private static readonly ObjectId B = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, "b"u8);
    private static readonly ObjectId C = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, "c"u8);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_header_layouts_read_identically(bool oldLayout)
    {
        byte[] data = SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [A, B],
            [("config:sha256:abc", C), ("layer", A)], oldLayout);
        Assert.Equal(oldLayout ? 18 : 0, data.AsSpan().IndexOf("SplitStream"u8));
        var stream = Splitstream.Parse(data, "s", FsVerityAlgorithm.Sha512);
        Assert.Equal(oldLayout, stream.OldLayout);
        Assert.Equal([A, B], stream.ObjectRefs);
        Assert.Equal([new SplitstreamNamedRef("config:sha256:abc", C), new SplitstreamNamedRef("layer", A)],
            stream.NamedRefs);
        Assert.Equal(0x726579616c69636ful, stream.ContentType);
    }

    [Fact]
    public void Algorithm_mismatch_is_an_error()
    {
        byte[] data = SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [A]);
        var e = Assert.Throws<ComposefsFormatException>(() =>
            Splitstream.Parse(data, "mismatch", FsVerityAlgorithm.Sha256));
        Assert.Contains("mismatch", e.Message);
    }

    private static byte[] WithNamedRefs(byte[] raw)
    {
        byte[] data = SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [], [("x", A)]);
        // Replace the named_refs section with another zstd frame (the section is last before the stream).
        var stream = Splitstream.Parse(data, "s", FsVerityAlgorithm.Sha512);
        Assert.Single(stream.NamedRefs);
        using var compressor = new ZstdSharp.Compressor();
        byte[] frame = compressor.Wrap(raw).ToArray();
        byte[] empty = compressor.Wrap(Array.Empty<byte>()).ToArray();
        int namedStart = 112 + 64;
        var result = new byte[namedStart + frame.Length + empty.Length];
        data.AsSpan(0, namedStart).CopyTo(result);
        frame.CopyTo(result, namedStart);
        empty.CopyTo(result, namedStart + frame.Length);
        var info = result.AsSpan(32);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(info[32..], (ulong)(namedStart + frame.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(info[40..], (ulong)result.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(info[56..], (ulong)(namedStart + frame.Length));
        return result;
    }

    [Theory]
    [InlineData("1:x\0")]
    [InlineData("x\0")]
    [InlineData("0:x")]
    [InlineData("-1:x\0")]
    public void Bad_named_ref_records_are_errors(string records)
    {
        byte[] data = WithNamedRefs(System.Text.Encoding.UTF8.GetBytes(records));
        Assert.Throws<ComposefsFormatException>(() => Splitstream.Parse(data, "bad", FsVerityAlgorithm.Sha512));
    }

    [Fact]
    public void Named_ref_names_may_contain_colons()
    {
        var stream = Splitstream.Parse(WithNamedRefs("0:config:sha256:1\0"u8.ToArray()), "s", FsVerityAlgorithm.Sha512);
        Assert.Equal("config:sha256:1", stream.NamedRefs[0].Name);
    }

    [Fact]
    public void Truncated_and_misaligned_sections_are_errors()
    {
        byte[] data = SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [A, B]);
        Assert.Throws<ComposefsFormatException>(() =>
            Splitstream.Parse(data.AsSpan(0, 100), "t", FsVerityAlgorithm.Sha512));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(32 + 24), 112 + 65);
        Assert.Throws<ComposefsFormatException>(() => Splitstream.Parse(data, "t", FsVerityAlgorithm.Sha512));
    }
}
