using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.FsVerity;

/// <summary>
/// The AVX-512 lanes (eight of SHA-512, sixteen of SHA-256) over 4096-byte blocks against .NET's hashes, and
/// fs-verity digests computed with them against a Merkle tree built from .NET's hashes alone.
/// </summary>
public sealed class DigestLanesTests
{
    [Fact]
    public void Lanes_are_used_wherever_the_cpu_has_avx512()
    {
        Assert.Equal(Avx512F.IsSupported && Avx512BW.IsSupported, Sha512Lanes.IsSupported);
        Assert.Equal(Sha512Lanes.IsSupported, Sha256Lanes.IsSupported);
    }

    public static TheoryData<FsVerityAlgorithm, int> LaneCounts()
    {
        var data = new TheoryData<FsVerityAlgorithm, int>();
        foreach (int count in new[] { 1, 2, 3, 7, 8 }) data.Add(FsVerityAlgorithm.Sha512, count);
        foreach (int count in new[] { 1, 2, 3, 5, 8, 9, 15, 16 }) data.Add(FsVerityAlgorithm.Sha256, count);
        return data;
    }

    [Theory]
    [MemberData(nameof(LaneCounts))]
    public void Each_lane_gives_the_hash_of_its_block(FsVerityAlgorithm algorithm, int count)
    {
        int size = algorithm.DigestSize();
        if (!IsSupported(algorithm))
        {
            Assert.Throws<PlatformNotSupportedException>(() => HashBlocks(algorithm, new byte[4096], new byte[size]));
            return;
        }
        // Blocks differing in every word and in a single bit, and the all-zero and all-ones blocks.
        var blocks = TestData.Gen(count * 4096, count);
        if (count > 1) blocks.AsSpan(4096, 4096).Clear();
        if (count > 2) blocks.AsSpan(8192, 4096).Fill(0xFF);
        if (count > 3) blocks[3 * 4096 + 4095] ^= 1;
        var digests = new byte[count * size + size];
        HashBlocks(algorithm, blocks, digests);

        for (int i = 0; i < count; i++)
            Assert.Equal(BlockHash(algorithm, blocks.AsSpan(i * 4096, 4096)), digests.AsSpan(i * size, size).ToArray());
        Assert.All(digests[(count * size)..], b => Assert.Equal(0, b));   // nothing past the last digest
    }

    public static TheoryData<FsVerityAlgorithm, int> Lengths()
    {
        var data = new TheoryData<FsVerityAlgorithm, int>();
        foreach (var algorithm in new[] { FsVerityAlgorithm.Sha256, FsVerityAlgorithm.Sha512 })
            foreach (int length in new[] { 8192, 8193, 4096 * 9 + 17, 4096 * 16, 4096 * 64, 4096 * 64 + 4096 * 7,
                         4096 * 128 + 4096 * 15 + 3, 3_000_000 })
                data.Add(algorithm, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Fs_verity_digest_is_the_same_whichever_way_the_blocks_are_hashed(FsVerityAlgorithm algorithm,
        int length)
    {
        var data = TestData.Gen(length, length % 251);
        var whole = FsVerityDigester.Compute(algorithm, data);

        // One block per Append never reaches the lanes.
        var blockByBlock = new FsVerityHasher(algorithm);
        for (int offset = 0; offset < length; offset += 4096)
            blockByBlock.Append(data.AsSpan(offset, Math.Min(4096, length - offset)));

        Assert.Equal(ReferenceDigest(algorithm, data), whole.ToHex());
        Assert.Equal(whole, new ObjectId(algorithm, blockByBlock.GetDigest()));
    }

    private static bool IsSupported(FsVerityAlgorithm algorithm) =>
        algorithm == FsVerityAlgorithm.Sha512 ? Sha512Lanes.IsSupported : Sha256Lanes.IsSupported;

    private static void HashBlocks(FsVerityAlgorithm algorithm, byte[] blocks, byte[] digests)
    {
        if (algorithm == FsVerityAlgorithm.Sha512) Sha512Lanes.HashBlocks(blocks, digests);
        else Sha256Lanes.HashBlocks(blocks, digests);
    }

    private static byte[] BlockHash(FsVerityAlgorithm algorithm, ReadOnlySpan<byte> block) =>
        algorithm == FsVerityAlgorithm.Sha512 ? SHA512.HashData(block) : SHA256.HashData(block);

    /// <summary>fs-verity's Merkle tree with .NET's hashes, written out level by level.</summary>
    private static string ReferenceDigest(FsVerityAlgorithm algorithm, byte[] data)
    {
        int size = algorithm.DigestSize();
        var level = new List<byte[]>();
        for (int offset = 0; offset < data.Length; offset += 4096)
        {
            var block = new byte[4096];
            data.AsSpan(offset, Math.Min(4096, data.Length - offset)).CopyTo(block);
            level.Add(BlockHash(algorithm, block));
        }
        while (level.Count > 1)
        {
            var next = new List<byte[]>();
            for (int i = 0; i < level.Count; i += 4096 / size)
            {
                var block = new byte[4096];
                for (int j = i; j < Math.Min(i + 4096 / size, level.Count); j++) level[j].CopyTo(block, (j - i) * size);
                next.Add(BlockHash(algorithm, block));
            }
            level = next;
        }
        var descriptor = new byte[256];
        descriptor[0] = 1;
        descriptor[1] = (byte)algorithm;
        descriptor[2] = 12;   // log2 of the block size
        BitConverter.TryWriteBytes(descriptor.AsSpan(8), (ulong)data.Length);
        level[0].CopyTo(descriptor, 16);
        return Convert.ToHexStringLower(BlockHash(algorithm, descriptor));
    }
}
