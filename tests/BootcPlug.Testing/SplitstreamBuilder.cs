using System.Buffers.Binary;
using System.Text;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Platform;

namespace BootcPlug.Testing;

/// <summary>
/// Writes splitstreams in upstream's layout (header, info, stream_refs, object_refs, named_refs, stream).
/// </summary>
public static class SplitstreamBuilder
{
    public static byte[] Build(FsVerityAlgorithm algorithm, IReadOnlyList<ObjectId> objectRefs,
        IReadOnlyList<(string Name, ObjectId Target)>? namedRefs = null, bool oldLayout = false,
        ulong contentType = 0x726579616c69636f)
    {
        namedRefs ??= [];
        var streamRefs = new List<ObjectId>();
        var records = new List<(string Name, int Index)>();
        foreach (var (name, target) in namedRefs)
        {
            int index = streamRefs.IndexOf(target);
            if (index < 0) { index = streamRefs.Count; streamRefs.Add(target); }
            records.Add((name, index));
        }
        records.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var named = new StringBuilder();
        foreach (var (name, index) in records) named.Append(index).Append(':').Append(name).Append('\0');
        using var compressor = new ZstdSharp.Compressor();
        byte[] namedBytes = compressor.Wrap(Encoding.UTF8.GetBytes(named.ToString())).ToArray();
        byte[] streamBytes = compressor.Wrap(Array.Empty<byte>()).ToArray();

        var body = new MemoryStream();
        body.Write(new byte[32 + 80]);
        long streamRefsStart = body.Position;
        foreach (var id in streamRefs) body.Write(id.Bytes);
        long objectRefsStart = body.Position;
        foreach (var id in objectRefs) body.Write(id.Bytes);
        long namedStart = body.Position;
        body.Write(namedBytes);
        long streamStart = body.Position;
        body.Write(streamBytes);
        byte[] data = body.ToArray();

        var info = data.AsSpan(32, 80);
        WriteRange(info, 0, streamRefsStart, objectRefsStart);
        WriteRange(info, 16, objectRefsStart, namedStart);
        WriteRange(info, 32, streamStart, data.Length);
        WriteRange(info, 48, namedStart, streamStart);
        BinaryPrimitives.WriteUInt64LittleEndian(info[64..], contentType);
        BinaryPrimitives.WriteUInt64LittleEndian(info[72..], 0);

        var header = data.AsSpan(0, 32);
        if (oldLayout)
        {
            WriteRange(header, 0, 32, 112);
            "SplitStream"u8.CopyTo(header[18..]);
            header[29] = 0;
            header[30] = (byte)algorithm;
            header[31] = 12;
        }
        else
        {
            "SplitStream"u8.CopyTo(header);
            header[11] = 0;
            header[14] = (byte)algorithm;
            header[15] = 12;
            WriteRange(header, 16, 32, 112);
        }
        return data;
    }

    private static void WriteRange(Span<byte> target, int at, long start, long end)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(target[at..], (ulong)start);
        BinaryPrimitives.WriteUInt64LittleEndian(target[(at + 8)..], (ulong)end);
    }

    /// <summary>Stores a stream object and links streams/NAME (and streams/refs/REF) to it.</summary>
    public static ObjectId WriteStream(ComposefsRepository repository, string name, IReadOnlyList<ObjectId> objectRefs,
        IReadOnlyList<(string Name, ObjectId Target)>? namedRefs = null, string? refName = null, bool oldLayout = false)
    {
        var id = repository.StoreObject(Build(repository.Algorithm, objectRefs, namedRefs, oldLayout));
        new DurableFiles(FaultPoints.None)
            .ReplaceSymlink(Path.Combine(repository.Path, "streams", name), "../objects/" + id.ToObjectPathName());
        if (refName is not null) repository.WriteRef("streams", refName, name);
        return id;
    }
}
