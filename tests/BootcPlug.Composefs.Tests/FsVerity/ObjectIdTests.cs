using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Tests.FsVerity;

public sealed class ObjectIdTests
{
    private const string HelloHex = "1e2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64";

    [Fact]
    public void Object_path_splits_first_byte()
    {
        var id = ObjectId.ParseHex(FsVerityAlgorithm.Sha256, HelloHex);
        Assert.Equal("1e/2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64", id.ToObjectPathName());
        Assert.Equal("sha256:" + HelloHex, id.ToString());
    }

    [Theory]
    [InlineData("1e/2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64", true)]
    [InlineData("../this/is/ignored/1e/2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64", true)]
    [InlineData("/1E/2EAA4202D750A41174EE454970B92C1BC2F925B1E35076D8C7D5F56362BA64", true)]
    [InlineData(HelloHex, false)]
    [InlineData("lol", false)]
    [InlineData("1e02eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64", false)]
    [InlineData("1e/2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362bz64", false)]
    public void Path_names_parse_like_upstream(string path, bool valid)
    {
        bool parsed = ObjectId.TryParsePathName(FsVerityAlgorithm.Sha256, path, out var id);
        Assert.Equal(valid, parsed);
        if (valid) Assert.Equal(HelloHex, id.ToHex());
    }

    [Fact]
    public void Directory_and_name_require_exact_length()
    {
        Assert.True(ObjectId.TryParseDirectoryAndName(FsVerityAlgorithm.Sha256, "1e", HelloHex.AsSpan(2), out _));
        Assert.False(ObjectId.TryParseDirectoryAndName(FsVerityAlgorithm.Sha512, "1e", HelloHex.AsSpan(2), out _));
        Assert.False(ObjectId.TryParseDirectoryAndName(FsVerityAlgorithm.Sha256, "1e", HelloHex[2..] + "0", out _));
        Assert.False(ObjectId.TryParseDirectoryAndName(FsVerityAlgorithm.Sha256, "1", HelloHex.AsSpan(1), out _));
    }

    [Fact]
    public void Equality_uses_algorithm_and_bytes()
    {
        var a = ObjectId.ParseHex(FsVerityAlgorithm.Sha256, HelloHex);
        var b = ObjectId.ParseHex(FsVerityAlgorithm.Sha256, HelloHex.ToUpperInvariant());
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ObjectId.ParseHex(FsVerityAlgorithm.Sha256, "00" + HelloHex[2..]));
        Assert.Throws<FormatException>(() => ObjectId.ParseHex(FsVerityAlgorithm.Sha512, HelloHex));
    }

    [Fact]
    public void Ids_sharing_a_long_prefix_still_spread_over_hash_codes()
    {
        // An image may name any digests; ids that differ only in their last two bytes must not all collide.
        var digest = new byte[64];
        var hashes = new HashSet<int>();
        for (int i = 0; i < 20_000; i++)
        {
            digest[62] = (byte)(i >> 8);
            digest[63] = (byte)i;
            hashes.Add(new ObjectId(FsVerityAlgorithm.Sha512, digest).GetHashCode());
        }
        Assert.True(hashes.Count > 19_000, $"only {hashes.Count} distinct hash codes for 20,000 ids");
    }
}
