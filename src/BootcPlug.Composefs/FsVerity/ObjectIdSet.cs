using System.Buffers.Binary;
using System.Collections;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// A sorted set of object ids of one algorithm, held as one packed array of digests (plus an array of their first
/// eight bytes, which most comparisons settle on): about 72 bytes per sha512 id, no object per id. Membership is a
/// binary search. Built with <see cref="ObjectIdSetBuilder"/>.
/// </summary>
public sealed class ObjectIdSet : IReadOnlyCollection<ObjectId>
{
    private readonly byte[] _digests;
    private readonly ulong[] _prefixes;

    internal ObjectIdSet(FsVerityAlgorithm algorithm, byte[] digests, ulong[] prefixes, int count)
    {
        Algorithm = algorithm;
        DigestSize = algorithm.DigestSize();
        _digests = digests;
        _prefixes = prefixes;
        Count = count;
    }

    public static ObjectIdSet Empty(FsVerityAlgorithm algorithm) => new(algorithm, [], [], 0);

    public FsVerityAlgorithm Algorithm { get; }

    /// <summary>Bytes per digest: 32 (sha256) or 64 (sha512).</summary>
    public int DigestSize { get; }

    public int Count { get; }

    /// <summary>The digest at a position in byte order.</summary>
    public ReadOnlySpan<byte> DigestAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _digests.AsSpan(index * DigestSize, DigestSize);
    }

    /// <summary>The digest at a position, as memory (for iterators, which cannot hold spans).</summary>
    public ReadOnlyMemory<byte> DigestMemoryAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _digests.AsMemory(index * DigestSize, DigestSize);
    }

    public ObjectId this[int index] => new(Algorithm, DigestAt(index));

    public bool Contains(ObjectId id) => id.Algorithm == Algorithm && IndexOf(id.Bytes) >= 0;

    /// <summary>Whether a digest of this set's algorithm (length <see cref="DigestSize"/>) is in the set.</summary>
    public bool Contains(ReadOnlySpan<byte> digest) => IndexOf(digest) >= 0;

    /// <summary>The position of a digest, or a negative number when it is not in the set.</summary>
    public int IndexOf(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != DigestSize || Count == 0) return -1;
        ulong prefix = BinaryPrimitives.ReadUInt64BigEndian(digest);
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = _prefixes[middle].CompareTo(prefix);
            if (order == 0) order = _digests.AsSpan(middle * DigestSize, DigestSize).SequenceCompareTo(digest);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return ~low;
    }

    /// <summary>The range [start, end) of digests whose first byte is <paramref name="firstByte"/>.</summary>
    public (int Start, int End) RangeOfFirstByte(byte firstByte)
    {
        int start = LowerBound((ulong)firstByte << 56);
        int end = firstByte == 0xFF ? Count : LowerBound((ulong)(firstByte + 1) << 56);
        return (start, end);
    }

    private int LowerBound(ulong prefix)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            int middle = low + ((high - low) >> 1);
            if (_prefixes[middle] < prefix) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    public IEnumerator<ObjectId> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Collects digests of one algorithm (duplicates allowed), then sorts and de-duplicates them into an
/// <see cref="ObjectIdSet"/>. They are kept in chunks of <see cref="ChunkDigests"/> digests, each below the
/// large-object threshold: growing one array by doubling would leave every outgrown copy on the large-object heap
/// until a full collection, which is most of the peak when marking 10^5 ids.
/// </summary>
public sealed class ObjectIdSetBuilder
{
    private const int ChunkDigests = 1024;
    private readonly int _size;
    private readonly List<byte[]> _chunks = new();
    private int _count;

    /// <param name="capacity">Unused (chunks grow as needed); kept for callers that know a count.</param>
    public ObjectIdSetBuilder(FsVerityAlgorithm algorithm, int capacity = 0)
    {
        Algorithm = algorithm;
        _size = algorithm.DigestSize();
        _ = capacity;
    }

    public FsVerityAlgorithm Algorithm { get; }

    /// <summary>Digests added so far, duplicates included.</summary>
    public int Count => _count;

    public void Add(ObjectId id)
    {
        if (id.Algorithm != Algorithm)
            throw new ArgumentException($"a {id.Algorithm.ShortName()} id in a {Algorithm.ShortName()} set",
                nameof(id));
        Add(id.Bytes);
    }

    public void Add(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != _size)
            throw new ArgumentException($"a {Algorithm.ShortName()} digest has {_size} bytes, not {digest.Length}",
                nameof(digest));
        int within = _count % ChunkDigests;
        if (within == 0) _chunks.Add(new byte[ChunkDigests * _size]);
        digest.CopyTo(_chunks[^1].AsSpan(within * _size));
        _count++;
    }

    public void AddRange(IEnumerable<ObjectId> ids)
    {
        foreach (var id in ids) Add(id);
    }

    private ReadOnlySpan<byte> DigestAt(int index) =>
        _chunks[index / ChunkDigests].AsSpan(index % ChunkDigests * _size, _size);

    /// <summary>
    /// Sorts on the first eight bytes as a number (comparing whole digests only within runs of equal prefixes),
    /// drops duplicates, and leaves the builder empty.
    /// </summary>
    public ObjectIdSet Build()
    {
        int count = _count;
        var prefixes = new ulong[count];
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            prefixes[i] = BinaryPrimitives.ReadUInt64BigEndian(DigestAt(i));
            order[i] = i;
        }
        Array.Sort(prefixes, order);
        DigestOrder.SortEqualPrefixRuns(prefixes, order, (a, b) => DigestAt(a).SequenceCompareTo(DigestAt(b)));
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (kept > 0 && prefixes[i] == prefixes[kept - 1]
                && DigestAt(order[i]).SequenceEqual(DigestAt(order[kept - 1]))) continue;
            prefixes[kept] = prefixes[i];
            order[kept] = order[i];
            kept++;
        }
        var digests = new byte[kept * _size];
        for (int i = 0; i < kept; i++) DigestAt(order[i]).CopyTo(digests.AsSpan(i * _size));
        _chunks.Clear();
        _count = 0;
        if (kept < count) Array.Resize(ref prefixes, kept);
        return new ObjectIdSet(Algorithm, digests, prefixes, kept);
    }
}

/// <summary>Sorting packed digests in byte order.</summary>
internal static class DigestOrder
{
    /// <summary>
    /// The positions of COUNT digests of SIZE bytes packed in DIGESTS, in byte order of the digests, and the first
    /// eight bytes of each (big-endian) in that order. Sorted on that prefix as a number, comparing whole digests
    /// only within runs of equal prefixes.
    /// </summary>
    public static int[] Sort(byte[] digests, int size, int count, out ulong[] prefixes)
    {
        prefixes = new ulong[count];
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            prefixes[i] = BinaryPrimitives.ReadUInt64BigEndian(digests.AsSpan(i * size));
            order[i] = i;
        }
        Array.Sort(prefixes, order);
        SortEqualPrefixRuns(prefixes, order,
            (a, b) => digests.AsSpan(a * size, size).SequenceCompareTo(digests.AsSpan(b * size, size)));
        return order;
    }

    /// <summary>Orders each run of equal prefixes (positions sorted by prefix already) by whole digest.</summary>
    public static void SortEqualPrefixRuns(ulong[] prefixes, int[] order, Comparison<int> byDigest)
    {
        for (int start = 0, end; start < prefixes.Length; start = end)
        {
            for (end = start + 1; end < prefixes.Length && prefixes[end] == prefixes[start]; end++) { }
            if (end - start > 1) order.AsSpan(start, end - start).Sort(byDigest);
        }
    }
}
