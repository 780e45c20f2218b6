using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

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
    private readonly byte[] _dataBlock = new byte[BlockSize];
    private int _dataBlockFill;
    private long _length;
    private bool _finished;

    // Level i holds the not yet hashed part of the i-th hash level (a partial 4096-byte block of hashes)
    // and how many full blocks of it were already hashed into level i + 1.
    private readonly List<byte[]> _levelBlocks = new();
    private readonly List<int> _levelFill = new();
    private readonly List<long> _levelBlocksHashed = new();

    public FsVerityHasher(FsVerityAlgorithm algorithm)
    {
        _algorithm = algorithm;
        _digestSize = algorithm.DigestSize();
    }

    public FsVerityAlgorithm Algorithm => _algorithm;

    public long Length => _length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("the digest was already computed");
        _length += data.Length;
        if (_dataBlockFill > 0)
        {
            int take = Math.Min(BlockSize - _dataBlockFill, data.Length);
            data[..take].CopyTo(_dataBlock.AsSpan(_dataBlockFill));
            _dataBlockFill += take;
            data = data[take..];
            if (_dataBlockFill < BlockSize) return;
            HashIntoLevel(0, _dataBlock);
            _dataBlockFill = 0;
        }
        while (data.Length >= BlockSize)
        {
            HashIntoLevel(0, data[..BlockSize]);
            data = data[BlockSize..];
        }
        if (data.Length > 0)
        {
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
                _dataBlock.AsSpan(_dataBlockFill).Clear();
                HashIntoLevel(0, _dataBlock);
            }
            for (int level = 0; ; level++)
            {
                bool isTop = level == _levelBlocks.Count - 1;
                if (isTop && _levelBlocksHashed[level] == 0 && _levelFill[level] == _digestSize)
                {
                    _levelBlocks[level].AsSpan(0, _digestSize).CopyTo(rootHash);
                    break;
                }
                if (_levelFill[level] > 0)
                {
                    _levelBlocks[level].AsSpan(_levelFill[level]).Clear();
                    _levelFill[level] = 0;
                    HashIntoLevel(level + 1, _levelBlocks[level]);
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
        return digest;
    }

    /// <summary>Hashes one block into the next free slot of <paramref name="level"/>, cascading full levels upward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void HashIntoLevel(int level, ReadOnlySpan<byte> block)
    {
        if (level == _levelBlocks.Count)
        {
            _levelBlocks.Add(new byte[BlockSize]);
            _levelFill.Add(0);
            _levelBlocksHashed.Add(0);
        }
        byte[] target = _levelBlocks[level];
        Hash(block, target.AsSpan(_levelFill[level], _digestSize));
        _levelFill[level] += _digestSize;
        if (_levelFill[level] == BlockSize)
        {
            _levelFill[level] = 0;
            _levelBlocksHashed[level]++;
            HashIntoLevel(level + 1, target);
        }
    }

    private void Hash(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (_algorithm == FsVerityAlgorithm.Sha256)
            SHA256.HashData(source, destination);
        else
            SHA512.HashData(source, destination);
    }
}
