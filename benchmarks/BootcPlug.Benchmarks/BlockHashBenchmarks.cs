using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BootcPlug.Composefs.Native;

namespace BootcPlug.Benchmarks;

/// <summary>
/// One fs-verity data block (4096 bytes) hashed the way the Merkle tree does it, once per call: .NET's one-shot
/// HashData (the baseline) against OpenSSL's low-level calls that <c>FsVerityHasher</c> uses.
/// </summary>
public class BlockHashBenchmarks
{
    private readonly byte[] _block = new byte[4096];
    private readonly byte[] _digest = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_block);
        if (!LibCryptoDigests.IsAvailable) throw new InvalidOperationException("libcrypto.so.3 or .so.1.1 is needed");
    }

    [Benchmark(Baseline = true, Description = "SHA-256, .NET HashData")]
    public int Sha256Dotnet() => SHA256.HashData(_block, _digest);

    [Benchmark(Description = "SHA-256, OpenSSL SHA256_*")]
    public void Sha256OpenSsl() => LibCryptoDigests.Sha256(_block, _digest);

    [Benchmark(Description = "SHA-512, .NET HashData")]
    public int Sha512Dotnet() => SHA512.HashData(_block, _digest);

    [Benchmark(Description = "SHA-512, OpenSSL SHA512_*")]
    public void Sha512OpenSsl() => LibCryptoDigests.Sha512(_block, _digest);
}
