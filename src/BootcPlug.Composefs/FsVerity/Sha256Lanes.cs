using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// SHA-256 of up to sixteen 4096-byte blocks at once, one block per 32-bit lane of AVX-512 registers.
/// </summary>
/// <remarks>
/// OpenSSL hashes one block at a time, with the CPU's SHA instructions where it has them; sixteen lanes beat those
/// only when most lanes carry a block, so the caller decides from how many blocks it has.
/// </remarks>
internal readonly unsafe struct Sha256Lanes : ILaneAlgorithm<uint>
{
    public static int Lanes => 16;
    public static int ChunkSize => 64;
    public static int Rounds => 64;
    public static uint[] InitialState => Initial;
    public static uint[] RoundConstants => Constants;

    /// <summary>The same instructions as <see cref="Sha512Lanes"/> and the same switch.</summary>
    public static bool IsSupported => Sha512Lanes.IsSupported;

    /// <summary>
    /// Writes the digests of the 4096-byte blocks of <paramref name="blocks"/> (one to <see cref="Lanes"/> of them)
    /// to <paramref name="digests"/>, in order.
    /// </summary>
    public static void HashBlocks(ReadOnlySpan<byte> blocks, Span<byte> digests)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AVX-512 is not available");
        LaneHasher<Sha256Lanes, uint>.HashBlocks(blocks, digests);
    }

    private static readonly uint[] Initial =
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static readonly uint[] Constants =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>
    /// A 64-byte chunk of every lane is one vector of sixteen big-endian words; the rounds want the transpose
    /// (vector t = word t of each lane). Byte swaps, then a 16 x 16 transpose in four steps: 32-bit and 64-bit
    /// interleaves inside 128-bit groups, then two exchanges of 128-bit groups.
    /// </summary>
    // Not inlined (it stackallocs) and called once per chunk: its scratch is not zeroed first.
    [SkipLocalsInit]
    public static void LoadWordMajor(byte** lane, int offset, Vector512<uint>* words)
    {
        var swap = Vector512.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
            3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        Vector512<uint>* pairs = stackalloc Vector512<uint>[16];
        for (int i = 0; i < Lanes; i += 2)
        {
            var even = Avx512BW.Shuffle(Vector512.Load(lane[i] + offset), swap).AsUInt32();
            var odd = Avx512BW.Shuffle(Vector512.Load(lane[i + 1] + offset), swap).AsUInt32();
            pairs[i] = Avx512F.UnpackLow(even, odd);
            pairs[i + 1] = Avx512F.UnpackHigh(even, odd);
        }
        // quads[4q + j]: in each 128-bit group k, word 4k + j of lanes 4q .. 4q + 3.
        Vector512<uint>* quads = stackalloc Vector512<uint>[16];
        for (int q = 0; q < 4; q++)
        {
            var low = pairs + 4 * q;
            quads[4 * q] = Avx512F.UnpackLow(low[0].AsUInt64(), low[2].AsUInt64()).AsUInt32();
            quads[4 * q + 1] = Avx512F.UnpackHigh(low[0].AsUInt64(), low[2].AsUInt64()).AsUInt32();
            quads[4 * q + 2] = Avx512F.UnpackLow(low[1].AsUInt64(), low[3].AsUInt64()).AsUInt32();
            quads[4 * q + 3] = Avx512F.UnpackHigh(low[1].AsUInt64(), low[3].AsUInt64()).AsUInt32();
        }
        for (int j = 0; j < 4; j++)
        {
            var evenGroups01 = Avx512F.Shuffle4x128(quads[j], quads[4 + j], 0x88);
            var oddGroups01 = Avx512F.Shuffle4x128(quads[j], quads[4 + j], 0xDD);
            var evenGroups23 = Avx512F.Shuffle4x128(quads[8 + j], quads[12 + j], 0x88);
            var oddGroups23 = Avx512F.Shuffle4x128(quads[8 + j], quads[12 + j], 0xDD);
            words[j] = Avx512F.Shuffle4x128(evenGroups01, evenGroups23, 0x88);
            words[8 + j] = Avx512F.Shuffle4x128(evenGroups01, evenGroups23, 0xDD);
            words[4 + j] = Avx512F.Shuffle4x128(oddGroups01, oddGroups23, 0x88);
            words[12 + j] = Avx512F.Shuffle4x128(oddGroups01, oddGroups23, 0xDD);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Xor3(Vector512<uint> x, Vector512<uint> y, Vector512<uint> z) =>
        Avx512F.TernaryLogic(x, y, z, 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma0(Vector512<uint> x) =>
        Xor3(Avx512F.RotateRight(x, 2), Avx512F.RotateRight(x, 13), Avx512F.RotateRight(x, 22));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma1(Vector512<uint> x) =>
        Xor3(Avx512F.RotateRight(x, 6), Avx512F.RotateRight(x, 11), Avx512F.RotateRight(x, 25));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma0(Vector512<uint> x) =>
        Xor3(Avx512F.RotateRight(x, 7), Avx512F.RotateRight(x, 18), Avx512F.ShiftRightLogical(x, 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma1(Vector512<uint> x) =>
        Xor3(Avx512F.RotateRight(x, 17), Avx512F.RotateRight(x, 19), Avx512F.ShiftRightLogical(x, 10));
}
