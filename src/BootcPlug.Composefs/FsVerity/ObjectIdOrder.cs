using System.Buffers.Binary;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>Byte order of object ids, which is also the order of their lowercase hex.</summary>
public static class ObjectIdOrder
{
    public static int Compare(ObjectId a, ObjectId b) => a.Bytes.SequenceCompareTo(b.Bytes);

    /// <summary>
    /// The ids sorted in byte order. They are sorted on their first eight bytes as a number, which leaves only runs
    /// of equal prefixes, if any, to compare byte by byte: much less work than comparing spans throughout.
    /// </summary>
    public static ObjectId[] ToSortedArray(IReadOnlyCollection<ObjectId> ids)
    {
        var sorted = ids.ToArray();
        var keys = new ulong[sorted.Length];
        for (int i = 0; i < sorted.Length; i++) keys[i] = BinaryPrimitives.ReadUInt64BigEndian(sorted[i].Bytes);
        Array.Sort(keys, sorted);
        IComparer<ObjectId>? byBytes = null;
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            for (end = start + 1; end < sorted.Length && keys[end] == keys[start]; end++) { }
            if (end - start > 1) Array.Sort(sorted, start, end - start, byBytes ??= Comparer<ObjectId>.Create(Compare));
        }
        return sorted;
    }
}
