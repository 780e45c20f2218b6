using BenchmarkDotNet.Attributes;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Benchmarks;

/// <summary>Writing a 10,000-file image and enumerating its objects, in memory.</summary>
[MemoryDiagnoser]
public class ImageBenchmarks
{
    private FsDirectory _tree = null!;
    private byte[] _image = [];

    [GlobalSetup]
    public void Setup()
    {
        _tree = new FsDirectory(FileStat.Create(0x1ED));
        var directories = Enumerable.Range(0, 100).Select(d => new FsDirectory(FileStat.Create(0x1ED))).ToArray();
        for (int d = 0; d < directories.Length; d++) _tree.Add($"d{d:D2}", directories[d]);
        for (int i = 0; i < 10_000; i++)
        {
            var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, DataSets.FileContent(i));
            directories[i % 100].Add($"f{i}", new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, 1000)));
        }
        _image = ErofsImageWriter.Write(_tree);
    }

    [Benchmark]
    public byte[] WriteImage() => ErofsImageWriter.Write(_tree);

    [Benchmark]
    public int CollectObjects() =>
        ImageObjectReferences.Collect(ErofsImage.Open(_image, "bench"), FsVerityAlgorithm.Sha512).Count;
}
