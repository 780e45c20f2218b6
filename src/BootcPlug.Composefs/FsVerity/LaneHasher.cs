using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BootcPlug.Composefs.FsVerity;

/// <summary>
/// What a SHA-2 function brings to <see cref="LaneHasher{TAlgorithm, TWord}"/>: its word, its constants, its sigma
/// functions and how a chunk of every lane's message becomes one vector per message word (FIPS 180-4).
/// </summary>
internal unsafe interface ILaneAlgorithm<TWord> where TWord : unmanaged
{
    /// <summary>Blocks hashed at once: one per lane of a 512-bit vector.</summary>
    static abstract int Lanes { get; }

    /// <summary>Bytes of message per compression (sixteen words).</summary>
    static abstract int ChunkSize { get; }

    static abstract int Rounds { get; }

    static abstract TWord[] InitialState { get; }

    static abstract TWord[] RoundConstants { get; }

    static abstract Vector512<TWord> BigSigma0(Vector512<TWord> x);

    static abstract Vector512<TWord> BigSigma1(Vector512<TWord> x);

    static abstract Vector512<TWord> SmallSigma0(Vector512<TWord> x);

    static abstract Vector512<TWord> SmallSigma1(Vector512<TWord> x);

    /// <summary>The sixteen message words at <paramref name="offset"/> of every lane, vector t = word t.</summary>
    static abstract void LoadWordMajor(byte** lane, int offset, Vector512<TWord>* words);
}

/// <summary>
/// A SHA-2 function over up to one 4096-byte block per lane of AVX-512 registers. fs-verity hashes every block on
/// its own, so the blocks of a file are independent messages of the same length that can share the rounds; every
/// such message ends with the same padding block, whose message schedule is a constant.
/// </summary>
internal static unsafe class LaneHasher<TAlgorithm, TWord>
    where TAlgorithm : struct, ILaneAlgorithm<TWord>
    where TWord : unmanaged, IBinaryInteger<TWord>
{
    private const int BlockSize = FsVerityAlgorithms.BlockSize;
    private static readonly int DigestSize = 8 * sizeof(TWord);

    /// <summary>Round constant plus message word of the padding block every 4096-byte message ends with.</summary>
    private static readonly TWord[] PaddingRoundInputs = ComputePaddingRoundInputs();

    /// <summary>
    /// Writes the hashes of the 4096-byte blocks of <paramref name="blocks"/> (at least one, at most one per lane) to
    /// <paramref name="digests"/>, in order.
    /// </summary>
    public static void HashBlocks(ReadOnlySpan<byte> blocks, Span<byte> digests)
    {
        int count = blocks.Length / BlockSize;
        if (count < 1 || count > TAlgorithm.Lanes || blocks.Length % BlockSize != 0)
            throw new ArgumentException(
                $"one to {TAlgorithm.Lanes} whole 4096-byte blocks are hashed at a time", nameof(blocks));
        if (digests.Length < count * DigestSize)
            throw new ArgumentException($"the digests need {count * DigestSize} bytes", nameof(digests));
        fixed (byte* source = blocks)
        fixed (byte* destination = digests)
            HashBlocks(source, count, destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void HashBlocks(byte* blocks, int count, byte* digests)
    {
        // Lanes past count hash the first block again; their results are dropped.
        byte** lane = stackalloc byte*[TAlgorithm.Lanes];
        for (int i = 0; i < TAlgorithm.Lanes; i++) lane[i] = blocks + (i < count ? i : 0) * BlockSize;

        // A chunk's message words, then the state: 64-byte aligned, since a vector that straddles two cache lines
        // costs two accesses, and the schedule reads and writes the words every round (stackalloc aligns to 16).
        byte* scratch = stackalloc byte[24 * 64 + 63];
        var words = (Vector512<TWord>*)(((nuint)scratch + 63) & ~(nuint)63);
        Vector512<TWord>* state = words + 16;
        for (int i = 0; i < 8; i++) state[i] = Vector512.Create(TAlgorithm.InitialState[i]);
        for (int offset = 0; offset < BlockSize; offset += TAlgorithm.ChunkSize)
        {
            TAlgorithm.LoadWordMajor(lane, offset, words);
            Compress(state, words);
        }
        Compress(state, null);

        for (int i = 0; i < count; i++)
            for (int word = 0; word < 8; word++)
                StoreBigEndian(digests + i * DigestSize + word * sizeof(TWord), state[word].GetElement(i));
    }

    // The type tests fold away when the method is compiled for uint or ulong.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBigEndian(byte* destination, TWord value)
    {
        if (typeof(TWord) == typeof(uint))
            *(uint*)destination = BinaryPrimitives.ReverseEndianness(Unsafe.As<TWord, uint>(ref value));
        else if (typeof(TWord) == typeof(ulong))
            *(ulong*)destination = BinaryPrimitives.ReverseEndianness(Unsafe.As<TWord, ulong>(ref value));
        else
            value.WriteBigEndian(new Span<byte>(destination, sizeof(TWord)));
    }

    /// <summary>
    /// One compression of all lanes: the chunk's message words <paramref name="w"/> (overwritten by the schedule), or
    /// the padding block when null. The working variables are locals so that they stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Vector512<TWord>* state, Vector512<TWord>* w)
    {
        Vector512<TWord> a = state[0], b = state[1], c = state[2], d = state[3];
        Vector512<TWord> e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < TAlgorithm.Rounds; t++)
        {
            Vector512<TWord> constantPlusWord;
            if (w is null)
            {
                constantPlusWord = Vector512.Create(PaddingRoundInputs[t]);
            }
            else
            {
                if (t >= 16)
                    w[t & 15] = TAlgorithm.SmallSigma1(w[(t - 2) & 15]) + w[(t - 7) & 15]
                        + TAlgorithm.SmallSigma0(w[(t - 15) & 15]) + w[t & 15];
                constantPlusWord = Vector512.Create(TAlgorithm.RoundConstants[t]) + w[t & 15];
            }
            var t1 = h + TAlgorithm.BigSigma1(e) + Choose(e, f, g) + constantPlusWord;
            var t2 = TAlgorithm.BigSigma0(a) + Majority(a, b, c);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    /// <summary>
    /// The padding block is 0x80, zeros and the message length in bits (big-endian, in the last word); its schedule
    /// is the algorithm's own, run once on broadcast words (every lane alike), and the round constants added in.
    /// </summary>
    private static TWord[] ComputePaddingRoundInputs()
    {
        var w = new Vector512<TWord>[TAlgorithm.Rounds];
        w[0] = Vector512.Create(TWord.One << (8 * sizeof(TWord) - 1));
        w[15] = Vector512.Create(TWord.CreateTruncating(BlockSize * 8));
        for (int t = 16; t < TAlgorithm.Rounds; t++)
            w[t] = TAlgorithm.SmallSigma1(w[t - 2]) + w[t - 7] + TAlgorithm.SmallSigma0(w[t - 15]) + w[t - 16];
        var inputs = new TWord[TAlgorithm.Rounds];
        for (int t = 0; t < TAlgorithm.Rounds; t++) inputs[t] = w[t].GetElement(0) + TAlgorithm.RoundConstants[t];
        return inputs;
    }

    // Ch and Maj in one instruction each (AVX-512's three-input logic); bitwise, so the word size does not matter.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<TWord> Choose(Vector512<TWord> x, Vector512<TWord> y, Vector512<TWord> z) =>
        Avx512F.TernaryLogic(x.AsUInt64(), y.AsUInt64(), z.AsUInt64(), 0xCA).As<ulong, TWord>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<TWord> Majority(Vector512<TWord> x, Vector512<TWord> y, Vector512<TWord> z) =>
        Avx512F.TernaryLogic(x.AsUInt64(), y.AsUInt64(), z.AsUInt64(), 0xE8).As<ulong, TWord>();
}
