using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Tests.FsVerity;

public sealed class ObjectIdOrderTests
{
    [Theory]
    [InlineData(FsVerityAlgorithm.Sha256)]
    [InlineData(FsVerityAlgorithm.Sha512)]
    public void Sorted_array_is_in_hex_order_also_where_the_first_eight_bytes_agree(FsVerityAlgorithm algorithm)
    {
        var random = new Random(7);
        var ids = new List<ObjectId>();
        var digest = new byte[algorithm.DigestSize()];
        for (int i = 0; i < 3000; i++)
        {
            random.NextBytes(digest);
            // A third share one of a few 8-byte prefixes, so that the tie-break sorts runs of equal keys.
            if (i % 3 == 0) BitConverter.TryWriteBytes(digest, (ulong)(i % 4));
            ids.Add(new ObjectId(algorithm, digest));
        }
        var expected = ids.Select(id => id.ToHex()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, ObjectIdOrder.ToSortedArray(ids).Select(id => id.ToHex()));
    }

    [Fact]
    public void Empty_and_single_inputs_come_back_as_they_are()
    {
        Assert.Empty(ObjectIdOrder.ToSortedArray([]));
        var one = new ObjectId(FsVerityAlgorithm.Sha256, new byte[32]);
        Assert.Equal([one], ObjectIdOrder.ToSortedArray([one]));
    }
}
