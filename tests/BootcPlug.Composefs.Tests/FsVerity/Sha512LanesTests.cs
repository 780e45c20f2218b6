using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.FsVerity;

/// <summary>Eight-lane SHA-512 of 4096-byte blocks against .NET's SHA-512, and fs-verity digests with it.</summary>
public sealed class Sha512LanesTests
{
    [Fact]
    public void Lanes_are_used_wherever_the_cpu_has_avx512()
    {
        Assert.Equal(Avx512F.IsSupported, Sha512Lanes.IsSupported);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    public void Each_lane_gives_the_sha512_of_its_block(int count)
    {
        if (!Sha512Lanes.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => Sha512Lanes.HashBlocks(new byte[4096], new byte[64]));
            return;
        }
        // Blocks differing in every word and in a single bit, and the all-zero and all-ones blocks.
        var blocks = TestData.Gen(count * 4096, count);
        if (count > 1) blocks.AsSpan(4096, 4096).Clear();
        if (count > 2) blocks.AsSpan(8192, 4096).Fill(0xFF);
        if (count > 3) blocks[3 * 4096 + 4095] ^= 1;
        var digests = new byte[count * 64 + 64];
        Sha512Lanes.HashBlocks(blocks, digests);

        for (int i = 0; i < count; i++)
            Assert.Equal(SHA512.HashData(blocks.AsSpan(i * 4096, 4096)), digests.AsSpan(i * 64, 64).ToArray());
        Assert.All(digests[(count * 64)..], b => Assert.Equal(0, b));   // nothing past the last digest
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(4096 * 9 + 17)]
    [InlineData(4096 * 64)]
    [InlineData(4096 * 64 + 4096 * 7)]
    [InlineData(3_000_000)]
    public void Fs_verity_digest_is_the_same_whichever_way_the_blocks_are_hashed(int length)
    {
        var data = TestData.Gen(length, length % 251);
        var whole = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, data);

        // One block per Append never reaches the lanes; the reference is built from .NET's SHA-512 alone.
        var blockByBlock = new FsVerityHasher(FsVerityAlgorithm.Sha512);
        for (int offset = 0; offset < length; offset += 4096)
            blockByBlock.Append(data.AsSpan(offset, Math.Min(4096, length - offset)));

        Assert.Equal(ReferenceDigest(data), whole.ToHex());
        Assert.Equal(whole, new ObjectId(FsVerityAlgorithm.Sha512, blockByBlock.GetDigest()));
    }

    /// <summary>fs-verity's Merkle tree with .NET's SHA-512, written out level by level.</summary>
    private static string ReferenceDigest(byte[] data)
    {
        var level = new List<byte[]>();
        for (int offset = 0; offset < data.Length; offset += 4096)
        {
            var block = new byte[4096];
            data.AsSpan(offset, Math.Min(4096, data.Length - offset)).CopyTo(block);
            level.Add(SHA512.HashData(block));
        }
        while (level.Count > 1)
        {
            var next = new List<byte[]>();
            for (int i = 0; i < level.Count; i += 64)
            {
                var block = new byte[4096];
                for (int j = i; j < Math.Min(i + 64, level.Count); j++) level[j].CopyTo(block, (j - i) * 64);
                next.Add(SHA512.HashData(block));
            }
            level = next;
        }
        var descriptor = new byte[256];
        descriptor[0] = 1;
        descriptor[1] = 2;    // sha512
        descriptor[2] = 12;   // log2 of the block size
        BitConverter.TryWriteBytes(descriptor.AsSpan(8), (ulong)data.Length);
        level[0].CopyTo(descriptor, 16);
        return Convert.ToHexStringLower(SHA512.HashData(descriptor));
    }
}
