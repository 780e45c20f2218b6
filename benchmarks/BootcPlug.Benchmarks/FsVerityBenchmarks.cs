using BenchmarkDotNet.Attributes;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Benchmarks;

/// <summary>In-process fs-verity throughput: the Merkle tree over buffers already in memory.</summary>
[MemoryDiagnoser]
public class FsVerityBenchmarks
{
    private byte[] _small = [];
    private byte[] _large = [];

    [Params(FsVerityAlgorithm.Sha256, FsVerityAlgorithm.Sha512)]
    public FsVerityAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _small = new byte[16 * 1024];
        _large = new byte[8 << 20];
        random.NextBytes(_small);
        random.NextBytes(_large);
    }

    [Benchmark(Description = "16 KiB buffer")]
    public ObjectId Small() => FsVerityDigester.Compute(Algorithm, _small);

    [Benchmark(Description = "8 MiB buffer")]
    public ObjectId Large() => FsVerityDigester.Compute(Algorithm, _large);
}
