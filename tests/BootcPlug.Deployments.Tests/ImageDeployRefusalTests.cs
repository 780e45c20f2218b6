using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// What `deploy --image` refuses, each in one line with exit 1 (or 2 for a wrong request): an image without a kernel,
/// an image whose composefs image is an existing deployment's, a damaged blob. Afterwards no tag, state dir or boot
/// artifact roots anything new: what the import wrote is garbage the next gc removes.
/// </summary>
public sealed class ImageDeployRefusalTests : IDisposable
{
    private readonly TestHost _host = ImageDeployTests.BootedHost(new HostConfig("grub", Uki: false));

    public void Dispose() => _host.Dispose();

    private static void AssertOneLine(CliResult result, int exitCode, string contains)
    {
        Assert.DoesNotContain("   at ", result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].Contains(contains, StringComparison.Ordinal),
            $"expected one line with\n{contains}\nbut stderr was\n{result.Stderr}");
        Assert.Equal(exitCode, result.ExitCode);
    }

    /// <summary>The refused image left nothing rooted: no tag, no new state dir or artifact, and gc removes its
    /// manifest stream.</summary>
    private void AssertNothingRooted(string manifestDigest, IReadOnlyList<string> stateDirs,
        IReadOnlyList<string> artifacts)
    {
        Assert.False(File.Exists(ImageDeployTests.TagFile(_host, manifestDigest)), "the refused image got a tag");
        Assert.Equal(stateDirs, _host.StateDirs);
        Assert.Equal(artifacts, _host.ArtifactNames);
        var dryRun = _host.Gc(dryRun: true);
        Assert.Equal(0ul, dryRun.Tags.Count + dryRun.StateDirs.Count + dryRun.BootArtifacts.Count);
        _host.Gc();
        string manifest = Path.Combine(_host.Paths.Repository, "streams", "oci-manifest-" + manifestDigest);
        Assert.False(new FileInfo(manifest).LinkTarget is not null, "gc kept the refused image's manifest stream");
        Assert.Equal(0ul, _host.Gc(dryRun: true).Objects.Count);
    }

    [Fact]
    public void An_image_without_a_kernel_is_refused()
    {
        string layout = ImageDeployTests.LayoutOf(_host);
        string digest = DemoImageLayout.Write(_host, new DemoRelease(5, "k-five"), layout, "bare", withKernel: false);
        var (stateDirs, artifacts) = (_host.StateDirs, _host.ArtifactNames);

        var result = _host.Cli("deploy", "--image", $"oci:{layout}:bare");

        AssertOneLine(result, 1, $"oci:{layout}:bare: no kernel");
        AssertNothingRooted(digest, stateDirs, artifacts);
    }

    [Fact]
    public void An_image_with_the_same_composefs_image_as_a_deployment_is_refused()
    {
        string layout = ImageDeployTests.LayoutOf(_host);
        DemoImageLayout.Write(_host, new DemoRelease(2, "k-two"), layout, "v2");
        ImageDeployTests.Deployed(_host.Cli("deploy", "--image", $"oci:{layout}:v2"));
        // The same files, built at another time: another manifest, the same composefs image.
        string again = DemoImageLayout.Write(_host, new DemoRelease(2, "k-two"), layout, "v2-rebuilt",
            created: "2026-02-02T00:00:00Z");
        var (stateDirs, artifacts) = (_host.StateDirs, _host.ArtifactNames);

        var result = _host.Cli("deploy", "--image", $"oci:{layout}:v2-rebuilt");

        AssertOneLine(result, 1, "has the same fs-verity digest as a deployed one");
        AssertNothingRooted(again, stateDirs, artifacts);
    }

    [Fact]
    public void A_damaged_layer_blob_is_refused()
    {
        string layout = ImageDeployTests.LayoutOf(_host);
        string digest = DemoImageLayout.Write(_host, new DemoRelease(2, "k-two"), layout, "v2");
        string largest = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256"))
            .OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(largest);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(largest, bytes);
        var (stateDirs, artifacts) = (_host.StateDirs, _host.ArtifactNames);

        var result = _host.Cli("deploy", "--image", $"oci:{layout}:v2");

        AssertOneLine(result, 1, Path.GetFileName(largest));
        AssertNothingRooted(digest, stateDirs, artifacts);
    }

    [Theory]
    [InlineData("neither")]
    [InlineData("both")]
    [InlineData("foo:bar")]
    [InlineData("oci:/nonexistent/layout")]
    [InlineData("oci-archive:/nonexistent/image.tar")]
    [InlineData("image-ref")]
    public void A_wrong_image_request_is_a_usage_error(string form)
    {
        string tree = _host.Tree(new DemoRelease(3, "k-three"));
        string layout = ImageDeployTests.LayoutOf(_host);
        Directory.CreateDirectory(layout);
        string[] args = form switch
        {
            "neither" => ["deploy", "--stage"],
            "both" => ["deploy", "--rootfs", tree, "--image", $"oci:{layout}"],
            "image-ref" => ["deploy", "--image", $"oci:{layout}", "--image-ref", "quay.io/x:1"],
            _ => ["deploy", "--image", form],
        };
        var before = DiskSnapshot.Take(_host.Paths.Sysroot);

        var result = _host.Cli(args);

        AssertOneLine(result, 2, "bootcplug: ");
        DiskSnapshot.AssertUnchanged(before, _host.Paths.Sysroot);
    }
}
