using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Tests.FsVerity;

public sealed class ObjectIdSetTests
{
    private static ObjectId Id(FsVerityAlgorithm algorithm, int seed, byte? first = null, ulong? prefix = null)
    {
        var bytes = new byte[algorithm.DigestSize()];
        new Random(seed).NextBytes(bytes);
        if (prefix is { } p) System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, p);
        if (first is { } f) bytes[0] = f;
        return new ObjectId(algorithm, bytes);
    }

    [Theory]
    [InlineData(FsVerityAlgorithm.Sha256)]
    [InlineData(FsVerityAlgorithm.Sha512)]
    public void Build_sorts_in_byte_order_and_drops_duplicates(FsVerityAlgorithm algorithm)
    {
        // Shared 8-byte prefixes make the whole-digest comparison decide.
        var ids = Enumerable.Range(0, 2000)
            .Select(i => Id(algorithm, i, prefix: i % 7 == 0 ? 0x1234UL : null)).ToList();
        var builder = new ObjectIdSetBuilder(algorithm);
        foreach (var id in ids.Concat(ids.Take(500))) builder.Add(id);
        var set = builder.Build();

        Assert.Equal(ids.Distinct().Count(), set.Count);
        Assert.Equal(ObjectIdOrder.ToSortedArray(ids.ToHashSet()), set.ToArray());
        Assert.All(ids, id => Assert.True(set.Contains(id)));
        Assert.False(set.Contains(Id(algorithm, 999_999)));
        Assert.False(set.Contains(Id(algorithm, 999_998, prefix: 0x1234UL)));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void Ids_of_another_algorithm_are_not_members_and_cannot_be_added()
    {
        var builder = new ObjectIdSetBuilder(FsVerityAlgorithm.Sha512);
        builder.Add(Id(FsVerityAlgorithm.Sha512, 1));
        var sha256 = Id(FsVerityAlgorithm.Sha256, 1);
        Assert.Throws<ArgumentException>(() => builder.Add(sha256));
        Assert.False(builder.Build().Contains(sha256));
    }

    [Fact]
    public void RangeOfFirstByte_covers_exactly_the_ids_of_one_objects_directory()
    {
        var builder = new ObjectIdSetBuilder(FsVerityAlgorithm.Sha512);
        for (int i = 0; i < 300; i++) builder.Add(Id(FsVerityAlgorithm.Sha512, i, first: (byte)(i % 5 * 63)));
        var set = builder.Build();
        for (int first = 0; first < 256; first++)
        {
            var (start, end) = set.RangeOfFirstByte((byte)first);
            Assert.Equal(set.Count(id => id.Bytes[0] == first), end - start);
            for (int i = start; i < end; i++) Assert.Equal(first, set.DigestAt(i)[0]);
        }
    }

    [Fact]
    public void An_empty_set_contains_nothing()
    {
        var set = new ObjectIdSetBuilder(FsVerityAlgorithm.Sha256).Build();
        Assert.Empty(set);
        Assert.False(set.Contains(Id(FsVerityAlgorithm.Sha256, 3)));
        Assert.Equal((0, 0), set.RangeOfFirstByte(0xFF));
    }
}
