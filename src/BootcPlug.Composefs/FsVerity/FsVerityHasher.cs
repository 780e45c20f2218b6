using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BootcPlug.Composefs.Native;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// Computes the fs-verity digest of data fed in pieces of any size: 4096-byte Merkle blocks, no salt.
/// The result does not depend on how the data was split. One instance hashes one file; it is not thread-safe,
/// so hash files in parallel with one hasher each.
/// </summary>
public sealed class FsVerityHasher
{
    private const int BlockSize = FsVerityAlgorithms.BlockSize;
    private const int DescriptorSize = 256;

    private readonly FsVerityAlgorithm _algorithm;
    private readonly int _digestSize;
    // Block buffers come from the shared pool and go back when the digest is taken: hashing many small files
    // would otherwise allocate several 4 KiB arrays per file.
    private byte[]? _dataBlock;
    private int _dataBlockFill;
    private long _length;
    private bool _finished;

    // Level i holds the not yet hashed part of the i-th hash level (a partial 4096-byte block of hashes)
    // and how many full blocks of it were already hashed into level i + 1.
    private readonly Level[] _levels = new Level[MaxLevels];
    private int _levelCount;

    // A 2^64-byte file needs 8 levels of sha256 hashes (128 per block) and 9 of sha512 (64 per block).
    private const int MaxLevels = 10;

    // Data blocks hashed side by side in AVX-512 lanes (none without AVX-512), and from how many whole blocks in
    // hand: below that, one at a time through OpenSSL costs less than a pass of all lanes. On the project machine a
    // pass of the eight SHA-512 lanes costs what 2.7 blocks cost through OpenSSL (no SHA-512 instructions), a pass
    // of the sixteen SHA-256 lanes what 7.9 to 8.1 blocks cost (OpenSSL uses the SHA instructions). Measured by
    // LaneHashBenchmarks.
    private readonly int _lanes;
    private readonly int _minimumLaneBlocks;

    private struct Level
    {
        public byte[] Block;
        public int Fill;
        public long BlocksHashed;
    }

    public FsVerityHasher(FsVerityAlgorithm algorithm)
    {
        _algorithm = algorithm;
        _digestSize = algorithm.DigestSize();
        (_lanes, _minimumLaneBlocks) = algorithm switch
        {
            FsVerityAlgorithm.Sha512 when Sha512Lanes.IsSupported => (Sha512Lanes.Lanes, 4),
            FsVerityAlgorithm.Sha256 when Sha256Lanes.IsSupported => (Sha256Lanes.Lanes, 8),
            _ => (0, int.MaxValue),
        };
    }

    public FsVerityAlgorithm Algorithm => _algorithm;

    public long Length => _length;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("the digest was already computed");
        _length += data.Length;
        if (_dataBlockFill > 0)
        {
            int take = Math.Min(BlockSize - _dataBlockFill, data.Length);
            _dataBlock ??= RentBlock();
            data[..take].CopyTo(_dataBlock.AsSpan(_dataBlockFill));
            _dataBlockFill += take;
            data = data[take..];
            if (_dataBlockFill < BlockSize) return;
            HashIntoLevel(0, _dataBlock.AsSpan(0, BlockSize));
            _dataBlockFill = 0;
        }
        while (data.Length >= BlockSize)
        {
            int blocks = Math.Min(data.Length / BlockSize, _lanes);
            if (blocks >= _minimumLaneBlocks)
            {
                HashBlocksInLanes(data[..(blocks * BlockSize)]);
                data = data[(blocks * BlockSize)..];
                continue;
            }
            HashIntoLevel(0, data[..BlockSize]);
            data = data[BlockSize..];
        }
        if (data.Length > 0)
        {
            _dataBlock ??= RentBlock();
            data.CopyTo(_dataBlock);
            _dataBlockFill = data.Length;
        }
    }

    /// <summary>Finishes the tree and returns the digest (32 or 64 bytes). The hasher cannot be reused.</summary>
    public byte[] GetDigest()
    {
        if (_finished) throw new InvalidOperationException("the digest was already computed");
        _finished = true;
        Span<byte> rootHash = stackalloc byte[64];
        rootHash.Clear();
        if (_length > 0)
        {
            if (_dataBlockFill > 0)
            {
                _dataBlock!.AsSpan(_dataBlockFill, BlockSize - _dataBlockFill).Clear();
                HashIntoLevel(0, _dataBlock.AsSpan(0, BlockSize));
            }
            for (int level = 0; ; level++)
            {
                ref Level current = ref _levels[level];
                bool isTop = level == _levelCount - 1;
                if (isTop && current.BlocksHashed == 0 && current.Fill == _digestSize)
                {
                    current.Block.AsSpan(0, _digestSize).CopyTo(rootHash);
                    break;
                }
                if (current.Fill > 0)
                {
                    current.Block.AsSpan(current.Fill, BlockSize - current.Fill).Clear();
                    current.Fill = 0;
                    HashIntoLevel(level + 1, current.Block.AsSpan(0, BlockSize));
                }
            }
        }

        Span<byte> descriptor = stackalloc byte[DescriptorSize];
        descriptor.Clear();
        descriptor[0] = 1;
        descriptor[1] = (byte)_algorithm;
        descriptor[2] = FsVerityAlgorithms.LogBlockSize;
        descriptor[3] = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[8..], (ulong)_length);
        rootHash.CopyTo(descriptor[16..]);
        var digest = new byte[_digestSize];
        Hash(descriptor, digest);
        ReturnBlocks();
        return digest;
    }

    private static byte[] RentBlock() => System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);

    private void ReturnBlocks()
    {
        if (_dataBlock is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_dataBlock);
        _dataBlock = null;
        for (int level = 0; level < _levelCount; level++)
            System.Buffers.ArrayPool<byte>.Shared.Return(_levels[level].Block);
        _levelCount = 0;
    }

    /// <summary>
    /// Hashes one block into the next free slot of <paramref name="level"/>, cascading full levels upward.
    /// </summary>
    private void HashIntoLevel(int level, ReadOnlySpan<byte> block)
    {
        Hash(block, NextSlot(level));
        FillSlot(level);
    }

    /// <summary>Hashes whole data blocks side by side (up to one per lane) into the next slots of level 0.</summary>
    [SkipLocalsInit]
    private void HashBlocksInLanes(ReadOnlySpan<byte> data)
    {
        Span<byte> digests = stackalloc byte[Math.Max(Sha512Lanes.Lanes * 64, Sha256Lanes.Lanes * 32)];
        if (_algorithm == FsVerityAlgorithm.Sha512) Sha512Lanes.HashBlocks(data, digests);
        else Sha256Lanes.HashBlocks(data, digests);
        for (int i = 0; i < data.Length / BlockSize; i++)
        {
            digests.Slice(i * _digestSize, _digestSize).CopyTo(NextSlot(0));
            FillSlot(0);
        }
    }

    private Span<byte> NextSlot(int level)
    {
        if (level == _levelCount)
        {
            if (level == MaxLevels) throw new InvalidOperationException("more data than an fs-verity tree can cover");
            _levels[level] = new Level { Block = RentBlock() };
            _levelCount++;
        }
        ref Level target = ref _levels[level];
        return target.Block.AsSpan(target.Fill, _digestSize);
    }

    /// <summary>Counts the slot <see cref="NextSlot"/> gave as filled; a full block of hashes goes up.</summary>
    private void FillSlot(int level)
    {
        ref Level target = ref _levels[level];
        target.Fill += _digestSize;
        if (target.Fill == BlockSize)
        {
            target.Fill = 0;
            target.BlocksHashed++;
            HashIntoLevel(level + 1, target.Block.AsSpan(0, BlockSize));
        }
    }

    private void Hash(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (!LibCryptoDigests.IsAvailable) HashWithDotnet(_algorithm, source, destination);
        else if (_algorithm == FsVerityAlgorithm.Sha256) LibCryptoDigests.Sha256(source, destination);
        else LibCryptoDigests.Sha512(source, destination);
    }

    // Apart, so that System.Security.Cryptography is only loaded when OpenSSL's block hashes are not available.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void HashWithDotnet(FsVerityAlgorithm algorithm, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (algorithm == FsVerityAlgorithm.Sha256) SHA256.HashData(source, destination);
        else SHA512.HashData(source, destination);
    }
}
