using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// SHA-512 of up to eight 4096-byte blocks at once, one block per 64-bit lane of AVX-512 registers.
/// </summary>
/// <remarks>
/// AVX-512's 64-bit rotates and three-input logic, eight blocks at a time, where OpenSSL hashes one at a time with
/// AVX2.
/// </remarks>
internal readonly unsafe struct Sha512Lanes : ILaneAlgorithm<ulong>
{
    public static int Lanes => 8;
    public static int ChunkSize => 128;
    public static int Rounds => 80;
    public static ulong[] InitialState => Initial;
    public static ulong[] RoundConstants => Constants;

    public static bool IsSupported { get; } =
        Avx512F.IsSupported && Avx512BW.IsSupported
        && Environment.GetEnvironmentVariable("BOOTCPLUG_DIGEST_LANES") != "0";

    /// <summary>
    /// Writes the digests of the 4096-byte blocks of <paramref name="blocks"/> (one to <see cref="Lanes"/> of them)
    /// to <paramref name="digests"/>, in order.
    /// </summary>
    public static void HashBlocks(ReadOnlySpan<byte> blocks, Span<byte> digests)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AVX-512 is not available");
        LaneHasher<Sha512Lanes, ulong>.HashBlocks(blocks, digests);
    }

    private static readonly ulong[] Initial =
    [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ];

    private static readonly ulong[] Constants =
    [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
        0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
        0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
        0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
        0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
        0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
        0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
        0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
        0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
        0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ];

    /// <summary>A 128-byte chunk of every lane is two vectors of eight words each; each half is transposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWordMajor(byte** lane, int offset, Vector512<ulong>* words)
    {
        LoadEightWordMajor(lane, offset, words);
        LoadEightWordMajor(lane, offset + 64, words + 8);
    }

    /// <summary>
    /// Eight big-endian words of every lane (one vector per lane) into word-major order (vector t = word t of each
    /// lane): byte swaps, then an 8 x 8 transpose in three steps, a 64-bit interleave inside 128-bit groups and two
    /// exchanges of 128-bit groups.
    /// </summary>
    // Not inlined (it stackallocs) and called once per chunk: its scratch is not zeroed first.
    [SkipLocalsInit]
    private static void LoadEightWordMajor(byte** lane, int offset, Vector512<ulong>* words)
    {
        var swap = Vector512.Create((byte)7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
            7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
            7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
        // pairs[2k + j]: in each 128-bit group g, word 2g + j of lanes 2k and 2k + 1.
        Vector512<ulong>* pairs = stackalloc Vector512<ulong>[8];
        for (int i = 0; i < Lanes; i += 2)
        {
            var even = Avx512BW.Shuffle(Vector512.Load(lane[i] + offset), swap).AsUInt64();
            var odd = Avx512BW.Shuffle(Vector512.Load(lane[i + 1] + offset), swap).AsUInt64();
            pairs[i] = Avx512F.UnpackLow(even, odd);
            pairs[i + 1] = Avx512F.UnpackHigh(even, odd);
        }
        for (int j = 0; j < 2; j++)
        {
            var evenGroups01 = Avx512F.Shuffle4x128(pairs[j], pairs[2 + j], 0x88);
            var oddGroups01 = Avx512F.Shuffle4x128(pairs[j], pairs[2 + j], 0xDD);
            var evenGroups23 = Avx512F.Shuffle4x128(pairs[4 + j], pairs[6 + j], 0x88);
            var oddGroups23 = Avx512F.Shuffle4x128(pairs[4 + j], pairs[6 + j], 0xDD);
            words[j] = Avx512F.Shuffle4x128(evenGroups01, evenGroups23, 0x88);
            words[4 + j] = Avx512F.Shuffle4x128(evenGroups01, evenGroups23, 0xDD);
            words[2 + j] = Avx512F.Shuffle4x128(oddGroups01, oddGroups23, 0x88);
            words[6 + j] = Avx512F.Shuffle4x128(oddGroups01, oddGroups23, 0xDD);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Xor3(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) =>
        Avx512F.TernaryLogic(x, y, z, 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> BigSigma0(Vector512<ulong> x) =>
        Xor3(Avx512F.RotateRight(x, 28), Avx512F.RotateRight(x, 34), Avx512F.RotateRight(x, 39));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> BigSigma1(Vector512<ulong> x) =>
        Xor3(Avx512F.RotateRight(x, 14), Avx512F.RotateRight(x, 18), Avx512F.RotateRight(x, 41));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SmallSigma0(Vector512<ulong> x) =>
        Xor3(Avx512F.RotateRight(x, 1), Avx512F.RotateRight(x, 8), Avx512F.ShiftRightLogical(x, 7));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SmallSigma1(Vector512<ulong> x) =>
        Xor3(Avx512F.RotateRight(x, 19), Avx512F.RotateRight(x, 61), Avx512F.ShiftRightLogical(x, 6));
}
