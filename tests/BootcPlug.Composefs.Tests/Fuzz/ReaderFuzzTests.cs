using BootcPlug.Composefs.Dumpfile;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Composefs.Tree;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Fuzz;

/// <summary>
/// Thousands of mutated images, splitstreams and dumpfiles: the readers either succeed or throw
/// <see cref="ComposefsFormatException"/>, never anything else, and never hang.
/// </summary>
public sealed class ReaderFuzzTests
{
    private static byte[][] SeedImages()
    {
        var big = new FsDirectory(FileStat.Create(0x1ED));
        for (int i = 0; i < 250; i++) big.Add($"entry-{i:D4}", new FsLeaf(FileStat.Create(0x1A4), new Fifo()));
        var sub = new FsDirectory(FileStat.Create(0x1ED));
        sub.Add("nested", new FsDirectory(FileStat.Create(0x1C0)));
        big.Add("sub", sub);
        return
        [
            ErofsImageWriter.Write(Trees.Simple()),
            ErofsImageWriter.Write(Trees.WithExternalFiles(
                ("a", TestData.Gen(100, 1)), ("b", TestData.Gen(100, 1)), ("c", TestData.Gen(200, 2)))),
            ErofsImageWriter.Write(big),
        ];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Mutated_images_only_raise_our_exception(int seed)
    {
        var random = new Random(seed);
        var seeds = SeedImages();
        int rejected = 0, accepted = 0;
        for (int i = 0; i < 1500; i++)
        {
            byte[] seedImage = seeds[i % seeds.Length];
            byte[] mutated = Mutator.Mutate(seedImage, random, Math.Min(seedImage.Length, 0x900));
            try
            {
                var image = ErofsImage.Open(mutated, $"fuzz-{seed}-{i}");
                ImageObjectReferences.Collect(image, null);
                var tree = ImageTreeReader.Read(image);
                DumpfileWriter.Write(tree);
                accepted++;
            }
            catch (ComposefsFormatException e)
            {
                Assert.Contains($"fuzz-{seed}-{i}", e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 100, $"only {rejected} of 1500 mutations were rejected");
        Assert.True(accepted > 0);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Mutated_splitstreams_only_raise_our_exception(int seed)
    {
        var random = new Random(seed);
        var a = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, "a"u8);
        var b = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, "b"u8);
        byte[][] seeds =
        [
            SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [a, b], [("config:sha256:1", a), ("layer", b)]),
            SplitstreamBuilder.Build(FsVerityAlgorithm.Sha512, [b], [("x", a)], oldLayout: true),
        ];
        int rejected = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = Mutator.Mutate(seeds[i % 2], random, seeds[i % 2].Length);
            try
            {
                Splitstream.Parse(mutated, $"stream-{i}", FsVerityAlgorithm.Sha512);
            }
            catch (ComposefsFormatException e)
            {
                Assert.Contains($"stream-{i}", e.Message);
                rejected++;
            }
        }
        Assert.True(rejected > 100, $"only {rejected} of 2000 mutations were rejected");
    }

    [Fact]
    public void Mutated_dumpfiles_only_raise_our_exception()
    {
        var random = new Random(21);
        string full = DumpfileWriter.Write(SampleTrees.Mixed());
        string clean = full[..(full.LastIndexOf('\n', 6000) + 1)];
        byte[] seed = System.Text.Encoding.UTF8.GetBytes(clean);
        DumpfileParser.Parse(clean);
        for (int i = 0; i < 1000; i++)
        {
            string mutated = System.Text.Encoding.Latin1.GetString(Mutator.Mutate(seed, random, seed.Length));
            try
            {
                ErofsImageWriter.Write(DumpfileParser.Parse(mutated, $"dump-{i}"));
            }
            catch (ComposefsFormatException e)
            {
                Assert.StartsWith($"dump-{i}:", e.Message);
            }
        }
    }
}
