using BenchmarkDotNet.Attributes;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Native;

namespace BootcPlug.Benchmarks;

/// <summary>
/// Sixteen fs-verity data blocks (64 KiB) per call: OpenSSL one block at a time (what <c>FsVerityHasher</c> does
/// without lanes; the baseline of each algorithm) against the AVX-512 lanes (16 blocks at once for SHA-256, two
/// rounds of 8 for SHA-512).
/// </summary>
public class LaneHashBenchmarks
{
    private const int Blocks = 16;
    private readonly byte[] _blocks = new byte[Blocks * 4096];
    private readonly byte[] _digests = new byte[Blocks * 64];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_blocks);
        if (!LibCryptoDigests.IsAvailable) throw new InvalidOperationException("libcrypto.so.3 or .so.1.1 is needed");
        if (!Sha512Lanes.IsSupported) throw new InvalidOperationException("the lanes need AVX-512");
    }

    [Benchmark(Baseline = true, Description = "SHA-256 x16, OpenSSL")]
    public void Sha256OpenSsl()
    {
        for (int i = 0; i < Blocks; i++)
            LibCryptoDigests.Sha256(_blocks.AsSpan(i * 4096, 4096), _digests.AsSpan(i * 32, 32));
    }

    [Benchmark(Description = "SHA-256 x16, lanes")]
    public void Sha256InLanes() => Sha256Lanes.HashBlocks(_blocks, _digests);

    [Benchmark(Description = "SHA-512 x16, OpenSSL")]
    public void Sha512OpenSsl()
    {
        for (int i = 0; i < Blocks; i++)
            LibCryptoDigests.Sha512(_blocks.AsSpan(i * 4096, 4096), _digests.AsSpan(i * 64, 64));
    }

    [Benchmark(Description = "SHA-512 x16, lanes")]
    public void Sha512InLanes()
    {
        Sha512Lanes.HashBlocks(_blocks.AsSpan(0, 8 * 4096), _digests);
        Sha512Lanes.HashBlocks(_blocks.AsSpan(8 * 4096), _digests.AsSpan(8 * 64));
    }
}
