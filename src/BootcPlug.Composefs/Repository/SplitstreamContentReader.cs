using System.Buffers.Binary;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Reads back the data of a splitstream as the sequence of bytes it stands for: inline runs come from the zstd
/// stream section, external chunks are object ids (their bytes stay in the repository).
/// </summary>
internal sealed class SplitstreamContentReader : IDisposable
{
    private readonly Stream _chunks;
    private readonly string _name;
    private long _inlineLeft;

    private SplitstreamContentReader(Splitstream header, Stream chunks, string name)
    {
        Header = header;
        _chunks = chunks;
        _name = name;
    }

    public Splitstream Header { get; }

    /// <summary>
    /// Opens the splitstream in <paramref name="data"/>, checking its content type when one is given.
    /// </summary>
    public static SplitstreamContentReader Open(byte[] data, string name, FsVerityAlgorithm algorithm,
        ulong? contentType)
    {
        var header = Splitstream.Parse(data, name, algorithm);
        if (contentType is { } expected && header.ContentType != expected)
            throw new ComposefsFormatException(name, null,
                $"splitstream content type 0x{header.ContentType:x16}, expected 0x{expected:x16}");
        int infoOffset = header.OldLayout ? 0 : 16;
        long infoStart = (long)BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(infoOffset));
        var info = data.AsSpan((int)infoStart);
        long start = (long)BinaryPrimitives.ReadUInt64LittleEndian(info[32..]);
        long end = (long)BinaryPrimitives.ReadUInt64LittleEndian(info[40..]);
        var compressed = new MemoryStream(data, (int)start, (int)(end - start), writable: false);
        return new SplitstreamContentReader(header, new ZstdSharp.DecompressionStream(compressed), name);
    }

    /// <summary>
    /// Reads exactly <paramref name="buffer"/>.Length inline bytes. Returns false at a clean end of the stream
    /// (nothing read); an external chunk or an end in the middle is a format error.
    /// </summary>
    public bool ReadInline(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            if (_inlineLeft == 0)
            {
                var next = NextInstruction();
                if (next is null)
                {
                    if (done == 0) return false;
                    throw Error("stream ends inside an inline read");
                }
                if (next >= 0) throw Error("external chunk where inline bytes were expected");
                _inlineLeft = -next.Value;
            }
            int take = (int)Math.Min(_inlineLeft, buffer.Length - done);
            ReadExactly(buffer.Slice(done, take));
            done += take;
            _inlineLeft -= take;
        }
        return true;
    }

    /// <summary>
    /// Reads the content of a file of <paramref name="size"/> bytes stored in <paramref name="storedSize"/> bytes
    /// (its tar padding included): either an external object followed by inline padding, or inline bytes.
    /// </summary>
    public SplitstreamData ReadData(long size, long storedSize)
    {
        if (_inlineLeft == 0 && storedSize > 0)
        {
            var next = NextInstruction() ?? throw Error("stream ends where file data was expected");
            if (next >= 0)
            {
                if (next >= Header.ObjectRefs.Count) throw Error($"external chunk index {next} out of range");
                var id = Header.ObjectRefs[(int)next];
                Skip(storedSize - size);
                return new SplitstreamData(id, null);
            }
            _inlineLeft = -next;
        }
        var bytes = new byte[storedSize];
        if (storedSize > 0 && !ReadInline(bytes)) throw Error("stream ends where file data was expected");
        return new SplitstreamData(null, bytes.AsSpan(0, (int)size).ToArray());
    }

    /// <summary>
    /// All remaining data: inline runs, and the content of external objects from <paramref name="read"/>.
    /// </summary>
    public byte[] ReadToEnd(Func<ObjectId, byte[]> read)
    {
        using var output = new MemoryStream();
        while (true)
        {
            if (_inlineLeft > 0)
            {
                var bytes = new byte[_inlineLeft];
                ReadExactly(bytes);
                _inlineLeft = 0;
                output.Write(bytes);
            }
            var next = NextInstruction();
            if (next is null) return output.ToArray();
            if (next < 0)
            {
                _inlineLeft = -next.Value;
                continue;
            }
            if (next >= Header.ObjectRefs.Count) throw Error($"external chunk index {next} out of range");
            output.Write(read(Header.ObjectRefs[(int)next]));
        }
    }

    private void Skip(long count)
    {
        if (count == 0) return;
        var scratch = new byte[count];
        if (!ReadInline(scratch)) throw Error("stream ends inside padding");
    }

    private long? NextInstruction()
    {
        Span<byte> bytes = stackalloc byte[8];
        int read = 0;
        while (read < 8)
        {
            int n = _chunks.Read(bytes[read..]);
            if (n == 0) break;
            read += n;
        }
        if (read == 0) return null;
        if (read < 8) throw Error("stream ends inside a chunk header");
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    private void ReadExactly(Span<byte> buffer)
    {
        try
        {
            _chunks.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Error("stream ends inside an inline chunk");
        }
    }

    private ComposefsFormatException Error(string problem) => new(_name, null, "splitstream " + problem);

    public void Dispose() => _chunks.Dispose();
}

/// <summary>A piece of splitstream data: an external object, or inline bytes.</summary>
internal readonly record struct SplitstreamData(ObjectId? External, byte[]? Inline);
