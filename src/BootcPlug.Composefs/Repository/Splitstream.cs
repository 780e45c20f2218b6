using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>A named reference of a splitstream: a name and the stream (or other object) it points at.</summary>
public sealed record SplitstreamNamedRef(string Name, ObjectId Target);

/// <summary>
/// The parts of a splitstream that garbage collection needs: the header (current or pre-repr(C) layout), the
/// object and stream reference arrays, and the zstd-compressed named references. The data payload is not read.
/// </summary>
public sealed class Splitstream
{
    public const int HeaderSize = 32;
    public const int MinimumInfoSize = 80;
    /// <summary>Upper bound for the decompressed named-refs section.</summary>
    public const int MaxNamedRefsSize = 16 << 20;
    public static ReadOnlySpan<byte> Magic => "SplitStream"u8;

    public required FsVerityAlgorithm Algorithm { get; init; }
    public required bool OldLayout { get; init; }
    public required ulong ContentType { get; init; }
    public required ulong StreamSize { get; init; }
    public required IReadOnlyList<ObjectId> StreamRefs { get; init; }
    public required IReadOnlyList<ObjectId> ObjectRefs { get; init; }
    public required IReadOnlyList<SplitstreamNamedRef> NamedRefs { get; init; }

    public static Splitstream ParseFile(string path, FsVerityAlgorithm algorithm)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ComposefsFormatException(path, null, "cannot read splitstream: " + e.Message, e);
        }
        return Parse(data, path, algorithm);
    }

    public static Splitstream Parse(ReadOnlySpan<byte> data, string name, FsVerityAlgorithm algorithm)
    {
        if (data.Length < HeaderSize)
            throw new ComposefsFormatException(name, 0, $"splitstream is {data.Length} bytes, shorter than its header");
        bool oldLayout;
        int versionOffset, algorithmOffset, blockSizeOffset, infoOffset;
        if (data[..Magic.Length].SequenceEqual(Magic))
        {
            oldLayout = false;
            (versionOffset, algorithmOffset, blockSizeOffset, infoOffset) = (11, 14, 15, 16);
        }
        else if (data.Slice(18, Magic.Length).SequenceEqual(Magic))
        {
            oldLayout = true;
            (versionOffset, algorithmOffset, blockSizeOffset, infoOffset) = (29, 30, 31, 0);
        }
        else
        {
            throw new ComposefsFormatException(name, 0,
                "not a splitstream (magic \"SplitStream\" not found at offset 0 or 18)");
        }
        if (data[versionOffset] != 0)
            throw new ComposefsFormatException(name, versionOffset,
                $"unsupported splitstream version {data[versionOffset]}");
        if (data[algorithmOffset] != (byte)algorithm)
            throw new ComposefsFormatException(name, algorithmOffset,
                $"splitstream algorithm {data[algorithmOffset]} does not match the repository's "
                + algorithm.ShortName());
        if (data[blockSizeOffset] != FsVerityAlgorithms.LogBlockSize)
            throw new ComposefsFormatException(name, blockSizeOffset,
                $"splitstream block size bits {data[blockSizeOffset]}, expected 12");

        var info = ReadRange(data, infoOffset, name, "info");
        if (info.Length < MinimumInfoSize)
            throw new ComposefsFormatException(name, infoOffset,
                $"splitstream info is {info.Length} bytes, fewer than {MinimumInfoSize}");
        long infoStart = (long)BinaryPrimitives.ReadUInt64LittleEndian(data[infoOffset..]);
        var infoBytes = data.Slice((int)infoStart, info.Length);
        var streamRefs = ReadIds(data, infoBytes, 0, infoStart, name, algorithm, "stream_refs");
        var objectRefs = ReadIds(data, infoBytes, 16, infoStart + 16, name, algorithm, "object_refs");
        ReadRange(infoBytes, 32, name, "stream", data.Length, infoStart + 32);
        var namedRange = ReadRange(infoBytes, 48, name, "named_refs", data.Length, infoStart + 48);
        var namedRefs = ReadNamedRefs(data.Slice(namedRange.Start, namedRange.Length), namedRange.Start, name,
            streamRefs);
        return new Splitstream
        {
            Algorithm = algorithm,
            OldLayout = oldLayout,
            ContentType = BinaryPrimitives.ReadUInt64LittleEndian(infoBytes[64..]),
            StreamSize = BinaryPrimitives.ReadUInt64LittleEndian(infoBytes[72..]),
            StreamRefs = streamRefs,
            ObjectRefs = objectRefs,
            NamedRefs = namedRefs,
        };
    }

    /// <summary>
    /// Reads a (start u64, end u64) range stored at <paramref name="at"/> and checks it lies in the file.
    /// </summary>
    private static (int Start, int Length) ReadRange(ReadOnlySpan<byte> data, int at, string name, string what) =>
        ReadRange(data, at, name, what, data.Length, at);

    private static (int Start, int Length) ReadRange(ReadOnlySpan<byte> table, int at, string name, string what,
        long fileLength, long fileOffset)
    {
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(table[at..]);
        ulong end = BinaryPrimitives.ReadUInt64LittleEndian(table[(at + 8)..]);
        if (start > end || end > (ulong)fileLength)
            throw new ComposefsFormatException(name, fileOffset,
                $"splitstream {what} range {start}..{end} lies outside the file ({fileLength} bytes)");
        return ((int)start, (int)(end - start));
    }

    private static List<ObjectId> ReadIds(ReadOnlySpan<byte> data, ReadOnlySpan<byte> info, int at, long fileOffset,
        string name, FsVerityAlgorithm algorithm, string what)
    {
        var (start, length) = ReadRange(info, at, name, what, data.Length, fileOffset);
        int size = algorithm.DigestSize();
        if (length % size != 0)
            throw new ComposefsFormatException(name, start,
                $"splitstream {what} is {length} bytes, not a multiple of the {size}-byte digest");
        var ids = new List<ObjectId>(length / size);
        for (int offset = start; offset < start + length; offset += size)
            ids.Add(new ObjectId(algorithm, data.Slice(offset, size)));
        return ids;
    }

    private static List<SplitstreamNamedRef> ReadNamedRefs(ReadOnlySpan<byte> compressed, int offset, string name,
        List<ObjectId> streamRefs)
    {
        var refs = new List<SplitstreamNamedRef>();
        if (compressed.Length == 0) return refs;
        byte[] text = Decompress(compressed, offset, name);
        int position = 0;
        while (position < text.Length)
        {
            int nul = Array.IndexOf(text, (byte)0, position);
            if (nul < 0)
                throw new ComposefsFormatException(name, offset, "splitstream named_refs end without a NUL terminator");
            var record = text.AsSpan(position, nul - position);
            int colon = record.IndexOf((byte)':');
            if (colon <= 0)
                throw new ComposefsFormatException(name, offset,
                    $"splitstream named ref record at byte {position} has no 'index:' prefix");
            if (!int.TryParse(record[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || index >= streamRefs.Count)
                throw new ComposefsFormatException(name, offset,
                    $"splitstream named ref '{Encoding.UTF8.GetString(record)}' has an index outside the "
                    + $"{streamRefs.Count} stream refs");
            refs.Add(new SplitstreamNamedRef(Encoding.UTF8.GetString(record[(colon + 1)..]), streamRefs[index]));
            position = nul + 1;
        }
        return refs;
    }

    private static byte[] Decompress(ReadOnlySpan<byte> compressed, int offset, string name)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var zstd = new ZstdSharp.DecompressionStream(input);
            using var output = new MemoryStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = zstd.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxNamedRefsSize)
                    throw new ComposefsFormatException(name, offset,
                        $"splitstream named_refs decompress to more than {MaxNamedRefsSize} bytes");
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (ComposefsFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is ZstdSharp.ZstdException or IOException or InvalidDataException
            or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new ComposefsFormatException(
                name, offset, "splitstream named_refs are not valid zstd: " + e.Message, e);
        }
    }
}
