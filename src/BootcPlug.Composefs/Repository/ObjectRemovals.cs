using System.Collections;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// The objects a sweep removes, held packed: per <c>objects/XX</c> directory, the digests in byte order (which is
/// the order of their paths) and their sizes; about 72 bytes per sha512 object. A <see cref="PlannedRemoval"/>
/// (with its path string) is made only when one is asked for.
/// </summary>
internal sealed class ObjectRemovals : IReadOnlyList<PlannedRemoval>
{
    private readonly string _objectsDirectory;
    private readonly int _digestSize;
    private readonly List<ObjectRemovalDirectory> _directories;
    /// <summary>Removals in the directories before each directory: [i] is the index of its first.</summary>
    private readonly int[] _starts;

    /// <param name="directories">The directories with at least one removal, in name order.</param>
    public ObjectRemovals(string objectsDirectory, FsVerityAlgorithm algorithm,
        List<ObjectRemovalDirectory> directories)
    {
        _objectsDirectory = objectsDirectory;
        _digestSize = algorithm.DigestSize();
        _directories = directories;
        _starts = new int[directories.Count];
        int count = 0;
        for (int i = 0; i < directories.Count; i++)
        {
            _starts[i] = count;
            count += directories[i].Count;
            TotalBytes += directories[i].TotalBytes;
        }
        Count = count;
    }

    public int Count { get; }

    public long TotalBytes { get; }

    public IReadOnlyList<ObjectRemovalDirectory> Directories => _directories;

    public PlannedRemoval this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            int directory = Array.BinarySearch(_starts, index);
            if (directory < 0) directory = ~directory - 1;
            while (_directories[directory].Count == 0) directory++;
            var removals = _directories[directory];
            int at = index - _starts[directory];
            return new PlannedRemoval(removals.PathAt(at), removals.SizeAt(at));
        }
    }

    /// <summary>Whether <paramref name="path"/> is exactly the path of a planned removal.</summary>
    public bool Contains(string path)
    {
        int nameLength = (_digestSize - 1) * 2;
        int root = _objectsDirectory.Length;
        if (path.Length != root + 4 + nameLength || !path.StartsWith(_objectsDirectory, StringComparison.Ordinal)
            || path[root] != '/' || path[root + 3] != '/') return false;
        var directoryName = path.AsSpan(_objectsDirectory.Length + 1, 2);
        Span<byte> digest = stackalloc byte[_digestSize];
        if (!LowerHex.TryParse(directoryName, digest[..1])
            || !LowerHex.TryParse(path.AsSpan(_objectsDirectory.Length + 4), digest[1..])) return false;
        foreach (var directory in _directories)
            if (directory.FirstByte == digest[0]) return directory.IndexOf(digest) >= 0;
        return false;
    }

    public IEnumerator<PlannedRemoval> GetEnumerator()
    {
        foreach (var directory in _directories)
            for (int i = 0; i < directory.Count; i++)
                yield return new PlannedRemoval(directory.PathAt(i), directory.SizeAt(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The removals in one <c>objects/XX</c> directory: digests in byte order, packed, with their sizes.</summary>
internal sealed class ObjectRemovalDirectory
{
    private readonly byte[] _digests;
    private readonly ulong[] _prefixes;
    private readonly long[] _sizes;
    private readonly int _digestSize;

    /// <param name="path">The directory's full path.</param>
    /// <param name="digests">COUNT whole digests (directory byte first), in any order.</param>
    public ObjectRemovalDirectory(string path, int digestSize, byte[] digests, long[] sizes, int count)
    {
        Path = path;
        _digestSize = digestSize;
        var order = DigestOrder.Sort(digests, digestSize, count, out _prefixes);
        _digests = new byte[count * digestSize];
        _sizes = new long[count];
        for (int i = 0; i < count; i++)
        {
            digests.AsSpan(order[i] * digestSize, digestSize).CopyTo(_digests.AsSpan(i * digestSize));
            _sizes[i] = sizes[order[i]];
            TotalBytes += sizes[order[i]];
        }
        Count = count;
        FirstByte = count > 0 ? _digests[0] : (byte)0;
    }

    public string Path { get; }
    public int Count { get; }
    public long TotalBytes { get; }
    public byte FirstByte { get; }

    public long SizeAt(int index) => _sizes[index];

    /// <summary>The object's file name: the digest after its first byte, in lowercase hex.</summary>
    public string NameAt(int index) =>
        Convert.ToHexStringLower(_digests.AsSpan(index * _digestSize + 1, _digestSize - 1));

    public string PathAt(int index) => System.IO.Path.Combine(Path, NameAt(index));

    public int IndexOf(ReadOnlySpan<byte> digest)
    {
        ulong prefix = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = _prefixes[middle].CompareTo(prefix);
            if (order == 0) order = _digests.AsSpan(middle * _digestSize, _digestSize).SequenceCompareTo(digest);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}

/// <summary>Lowercase hex only, as object paths are written.</summary>
internal static class LowerHex
{
    public static bool TryParse(ReadOnlySpan<char> hex, Span<byte> bytes)
    {
        if (hex.Length != bytes.Length * 2) return false;
        for (int i = 0; i < bytes.Length; i++)
        {
            int high = Value(hex[2 * i]), low = Value(hex[2 * i + 1]);
            if ((high | low) < 0) return false;
            bytes[i] = (byte)(high << 4 | low);
        }
        return true;
    }

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
