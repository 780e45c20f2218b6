using System.Buffers.Binary;
using System.Text;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Builds a splitstream in the layout <see cref="Splitstream"/> reads: header, info, stream_refs, object_refs,
/// zstd named refs ("index:name\0", sorted by name), then the zstd stream of chunks (an inline run is a negative
/// i64 length and its bytes; an external chunk is the non-negative index of its object in object_refs). Inline
/// bytes written back to back become one chunk, and the object and stream reference arrays keep first-use order.
/// </summary>
internal sealed class SplitstreamWriter : IDisposable
{
    /// <summary>The zstd level composefs-rs asks for (0, which zstd takes as its default, 3).</summary>
    private const int CompressionLevel = 3;

    private readonly FsVerityAlgorithm _algorithm;
    private readonly ulong _contentType;
    private readonly List<ObjectId> _streamRefs = [];
    private readonly Dictionary<ObjectId, int> _streamRefIndex = [];
    private readonly List<ObjectId> _objectRefs = [];
    private readonly Dictionary<ObjectId, int> _objectRefIndex = [];
    private readonly SortedDictionary<byte[], int> _namedRefs = new(Tree.ByteNameComparer.Instance);
    private readonly MemoryStream _inline = new();
    private readonly MemoryStream _compressed = new();
    private readonly ZstdSharp.CompressionStream _stream;
    private ulong _streamSize;

    public SplitstreamWriter(FsVerityAlgorithm algorithm, ulong contentType)
    {
        _algorithm = algorithm;
        _contentType = contentType;
        _stream = new ZstdSharp.CompressionStream(_compressed, CompressionLevel, leaveOpen: true);
    }

    /// <summary>Number of distinct external objects referenced so far.</summary>
    public int ObjectRefCount => _objectRefs.Count;

    /// <summary>Names <paramref name="target"/> (a stream or image object) under <paramref name="name"/>.</summary>
    public void AddNamedRef(string name, ObjectId target)
    {
        if (name.Contains('\0')) throw new ArgumentException("a named ref cannot contain NUL", nameof(name));
        if (!_streamRefIndex.TryGetValue(target, out int index))
        {
            index = _streamRefs.Count;
            _streamRefs.Add(target);
            _streamRefIndex.Add(target, index);
        }
        _namedRefs[Encoding.UTF8.GetBytes(name)] = index;
    }

    public void WriteInline(ReadOnlySpan<byte> data)
    {
        _streamSize += (ulong)data.Length;
        _inline.Write(data);
    }

    /// <summary>
    /// Writes a reference to an object already stored, whose content is <paramref name="size"/> bytes.
    /// </summary>
    public void WriteExternal(ObjectId id, ulong size)
    {
        if (id.Algorithm != _algorithm) throw new ArgumentException("object id of another algorithm", nameof(id));
        FlushInline();
        if (!_objectRefIndex.TryGetValue(id, out int index))
        {
            index = _objectRefs.Count;
            _objectRefs.Add(id);
            _objectRefIndex.Add(id, index);
        }
        WriteInstruction(index);
        _streamSize += size;
    }

    private void FlushInline()
    {
        if (_inline.Length == 0) return;
        WriteInstruction(-_inline.Length);
        _stream.Write(_inline.GetBuffer(), 0, (int)_inline.Length);
        _inline.SetLength(0);
    }

    private void WriteInstruction(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        _stream.Write(bytes);
    }

    /// <summary>The finished splitstream file. The writer cannot be used afterwards.</summary>
    public byte[] Finish()
    {
        FlushInline();
        _stream.Dispose();
        byte[] stream = _compressed.ToArray();
        byte[] named = CompressNamedRefs();
        int digestSize = _algorithm.DigestSize();
        long infoStart = Splitstream.HeaderSize;
        long streamRefsStart = infoStart + Splitstream.MinimumInfoSize;
        long objectRefsStart = streamRefsStart + (long)_streamRefs.Count * digestSize;
        long namedStart = objectRefsStart + (long)_objectRefs.Count * digestSize;
        long streamStart = namedStart + named.Length;
        var output = new byte[streamStart + stream.Length];
        var span = output.AsSpan();
        Splitstream.Magic.CopyTo(span);
        span[14] = (byte)_algorithm;
        span[15] = FsVerityAlgorithms.LogBlockSize;
        WriteRange(span[16..], infoStart, streamRefsStart);
        var info = span[(int)infoStart..];
        WriteRange(info, streamRefsStart, objectRefsStart);
        WriteRange(info[16..], objectRefsStart, namedStart);
        WriteRange(info[32..], streamStart, streamStart + stream.Length);
        WriteRange(info[48..], namedStart, streamStart);
        BinaryPrimitives.WriteUInt64LittleEndian(info[64..], _contentType);
        BinaryPrimitives.WriteUInt64LittleEndian(info[72..], _streamSize);
        int at = (int)streamRefsStart;
        foreach (var id in _streamRefs.Concat(_objectRefs))
        {
            id.Bytes.CopyTo(span[at..]);
            at += digestSize;
        }
        named.CopyTo(span[(int)namedStart..]);
        stream.CopyTo(span[(int)streamStart..]);
        return output;
    }

    private byte[] CompressNamedRefs()
    {
        using var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, CompressionLevel, leaveOpen: true))
        {
            foreach (var (name, index) in _namedRefs)
            {
                zstd.Write(Encoding.ASCII.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + ":"));
                zstd.Write(name);
                zstd.WriteByte(0);
            }
        }
        return output.ToArray();
    }

    private static void WriteRange(Span<byte> at, long start, long end)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(at, (ulong)start);
        BinaryPrimitives.WriteUInt64LittleEndian(at[8..], (ulong)end);
    }

    public void Dispose()
    {
        _stream.Dispose();
        _inline.Dispose();
        _compressed.Dispose();
    }
}
