using System.Text;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests;

/// <summary>
/// `bootcplug composefs oci pull|images` through the real executable on an OCI layout written here and its archive
/// (made by skopeo): what pull prints, that a second pull reads no layer, what images lists, and the exit codes of
/// sources that are malformed (2), missing (2) or damaged (1), each in one line.
/// </summary>
public sealed class OciCliTests : IDisposable
{
    private readonly TempDir _work = new();

    public void Dispose() => _work.Dispose();

    private string Repo => _work.Combine("repo");

    private CliResult Cfs(params string[] args) => CliRunner.Run(["composefs", "--repo", Repo, .. args]);

    /// <summary>A two-layer image (the second deletes a file of the first), tag "t"; returns its manifest digest.
    /// </summary>
    private string Layout(string name)
    {
        var writer = new OciLayoutWriter(_work.Combine(name));
        writer.AddLayer(new LayerTar()
            .Directory("usr")
            .File("usr/big", Encoding.UTF8.GetBytes(new string('b', 5000)))
            .HardLink("usr/big-link", "usr/big")
            .File("usr/gone", "deleted by the next layer")
            .ToArray());
        writer.AddLayer(new LayerTar().File("usr/.wh.gone", []).ToArray(), "zstd");
        return writer.Finish("t");
    }

    private static void AssertOneLine(CliResult result, int exitCode, string contains)
    {
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("bootcplug: ", StringComparison.Ordinal)
            && lines[0].Contains(contains, StringComparison.Ordinal),
            $"expected one line with '{contains}', stderr was\n{result.Stderr}");
        Assert.Equal(exitCode, result.ExitCode);
    }

    [Fact]
    public void Pull_imports_once_and_images_lists_the_tag()
    {
        string digest = Layout("layout");
        Assert.Equal(0, Cfs("init").ExitCode);

        var first = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "mine");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains($"manifest {digest}", first.Stdout);
        Assert.Contains("tagged   mine", first.Stdout);
        Assert.Contains("layers   2 imported, 0 already present", first.Stdout);
        string verity = first.Stdout.Split('\n').Single(l => l.StartsWith("verity", StringComparison.Ordinal))[9..];

        var again = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "mine");
        Assert.Contains("layers   0 imported, 2 already present", again.Stdout);

        var images = Cfs("oci", "images");
        Assert.Equal(0, images.ExitCode);
        Assert.Equal($"mine\t{digest}\t{verity}\n", images.Stdout);
    }

    [Fact]
    public void Erofs_version_picks_the_layout_of_the_pulled_and_the_rebuilt_image()
    {
        Layout("layout");
        Assert.Equal(0, Cfs("init").ExitCode);
        static string Verity(CliResult result) =>
            result.Stdout.Split('\n').Single(l => l.StartsWith("verity", StringComparison.Ordinal))[9..];

        var byDefault = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "v-default");
        var v2 = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "v2", "--erofs-version", "2");
        var v1 = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "v1", "--erofs-version", "1");
        var rebuilt = Cfs("oci", "create-image", "v2", "--erofs-version", "2");

        Assert.True(byDefault.ExitCode + v2.ExitCode + v1.ExitCode + rebuilt.ExitCode == 0,
            byDefault.Stderr + v2.Stderr + v1.Stderr + rebuilt.Stderr);
        Assert.Equal(Verity(v1), Verity(byDefault));   // a repository `init` made asks for layout 1
        Assert.NotEqual(Verity(v1), Verity(v2));
        Assert.Equal(Verity(v2) + "\n", rebuilt.Stdout);
        AssertOneLine(Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "x", "--erofs-version", "3"), 2,
            "--erofs-version: expected 1 or 2");
        Assert.DoesNotContain("x\t", Cfs("oci", "images").Stdout);
    }

    [Fact]
    public void Pull_reads_an_archive_skopeo_wrote()
    {
        Oracle.RequireTools("skopeo");
        string digest = Layout("layout");
        string archive = _work.Combine("image.tar");
        ExternalProgram.Run(Oracle.FindTool("skopeo")!, _work.Path, null, "copy", "--quiet",
            $"oci:{_work.Combine("layout")}:t", $"oci-archive:{archive}:t").Succeeded();
        Assert.Equal(0, Cfs("init").ExitCode);

        var pulled = Cfs("oci", "pull", $"oci-archive:{archive}:t", "from-archive");

        Assert.True(pulled.ExitCode == 0, pulled.Stderr);
        Assert.Contains($"manifest {digest}", pulled.Stdout);
    }

    [Theory]
    [InlineData("foo:bar", "oci:DIR")]
    [InlineData("oci:", "no path")]
    [InlineData("oci:/nonexistent/layout:t", "no such directory")]
    [InlineData("oci-archive:/nonexistent/image.tar", "no such file")]
    public void A_malformed_or_missing_source_is_a_usage_error(string source, string contains)
    {
        var result = Cfs("oci", "pull", source, "x");

        AssertOneLine(result, 2, contains);
        Assert.False(Directory.Exists(Path.Combine(Repo, "streams")), "a refused pull wrote streams");
    }

    [Fact]
    public void A_damaged_blob_fails_in_one_line_without_a_tag()
    {
        Layout("layout");
        string blobs = _work.Combine("layout", "blobs", "sha256");
        string largest = Directory.GetFiles(blobs).OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(largest);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(largest, bytes);
        Assert.Equal(0, Cfs("init").ExitCode);

        var result = Cfs("oci", "pull", $"oci:{_work.Combine("layout")}:t", "x");

        AssertOneLine(result, 1, Path.GetFileName(largest));
        Assert.Equal("", Cfs("oci", "images").Stdout);
    }
}
