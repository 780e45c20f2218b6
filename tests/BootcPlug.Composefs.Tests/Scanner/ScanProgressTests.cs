using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Composefs.Tree;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Scanner;

/// <summary>The scanner tells its caller how many files it has read, one report per file, counting up.</summary>
public sealed class ScanProgressTests
{
    private sealed class Collect : IProgress<int>
    {
        public List<int> Values { get; } = [];

        public void Report(int value) => Values.Add(value);
    }

    [Fact]
    public void Every_file_is_counted_once_in_order_and_directories_are_not()
    {
        using var temp = new TempDir();
        string tree = temp.Combine("tree");
        Directory.CreateDirectory(Path.Combine(tree, "usr/share"));
        File.WriteAllText(Path.Combine(tree, "usr/share/small"), "inline");
        File.WriteAllBytes(Path.Combine(tree, "usr/share/large"), TestData.Gen(4096, 7));
        File.CreateSymbolicLink(Path.Combine(tree, "usr/link"), "share/large");
        Assert.Equal(0, ExternalProgram.Run("ln", tree, null, "usr/share/large", "usr/share/large-again").ExitCode);
        using var repository = new TestRepository();
        var progress = new Collect();

        var scanned = DirectoryTreeScanner.Scan(tree, repository.Repository, progress);

        Assert.Equal([1, 2, 3, 4], progress.Values);
        // Reporting changes nothing in what is scanned.
        Assert.Equal(ErofsImageWriter.Write(DirectoryTreeScanner.Scan(tree, repository.Repository)),
            ErofsImageWriter.Write(scanned));
    }
}
