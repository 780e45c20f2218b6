using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;
using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `upgrade` and `switch` through the real CLI: the same image twice is no update and writes nothing, a new image
/// under the same tag is staged, finalize makes it live; deleting the old deployment takes its tag, manifest, config,
/// its own layers and objects, and leaves the layer it shares with the live image.
/// </summary>
public sealed class ImageUpgradeTests
{
    public static IEnumerable<object[]> Configurations =>
    [
        [new HostConfig("grub", Uki: false)],
        [new HostConfig("systemd", Uki: true)],
        [new HostConfig("grub-cc", Uki: false)],
    ];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Upgrade_stages_a_new_image_only_and_gc_keeps_the_shared_layer(HostConfig config)
    {
        Oracle.RequireTools("tar");
        using var host = new TestHost(config);
        string layout = ImageDeployTests.LayoutOf(host);
        string d1 = DemoImageLayout.Write(host, new DemoRelease(1, "k-one"), layout, "stable");
        string v1 = ImageDeployTests.Deployed(host.Cli("deploy", "--image", $"oci:{layout}:stable"));
        host.BootInto(v1);

        var before = DiskSnapshot.Take(host.Root);
        foreach (var args in new[] { new[] { "upgrade", "--check" }, ["upgrade"], ["upgrade"] })
        {
            var same = host.Cli(args);
            Assert.True(same.ExitCode == 0, same.Stderr);
            Assert.Equal("No update available.\n", same.Stdout);
        }
        DiskSnapshot.AssertUnchanged(before, host.Root);

        string d2 = DemoImageLayout.Write(host, new DemoRelease(2, "k-two"), layout, "stable");
        var written = DiskSnapshot.Take(host.Root);
        var check = host.Cli("upgrade", "--check");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains($"Update available: oci:{layout}:stable", check.Stdout);
        Assert.Contains(d2, check.Stdout);
        DiskSnapshot.AssertUnchanged(written, host.Root);

        string v2 = ImageDeployTests.Deployed(host.Cli("upgrade"));
        var status = host.Status();
        Assert.Equal(v2, status.Status.Staged.Verity());
        Assert.Equal(d2, status.Status.Staged!.Image!.ImageDigest.ToString());
        Assert.Equal($"{layout}:stable", status.Spec.Image!.Image);
        Assert.Equal("No update available.\n", host.Cli("upgrade").Stdout);

        Assert.Equal(0, host.Cli("finalize-staged").ExitCode);
        host.BootInto(v2);
        status = host.Status();
        Assert.Equal(d2, status.Status.Booted!.Image!.ImageDigest.ToString());
        Assert.Equal(d1, status.Status.Rollback!.Image!.ImageDigest.ToString());

        var (layers1, layers2) = (LayerStreams(host, d1), LayerStreams(host, d2));
        var shared = layers1.Intersect(layers2).ToList();
        var unique = layers1.Except(layers2).ToList();
        // The base layer and the whiteout layer are the same bytes in every release.
        Assert.Equal(2, shared.Count);
        Assert.NotEmpty(unique);
        string releaseOneObject = host.ObjectPathOf("usr/share/demo/release-1.txt", new DemoRelease(1, "k-one"));
        Assert.True(File.Exists(releaseOneObject));

        var deleted = host.Cli("delete-deployment", v1);
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.False(File.Exists(ImageDeployTests.TagFile(host, d1)) || Stream(host, "oci-manifest-" + d1),
            "the deleted deployment's tag or manifest stayed");
        Assert.All(unique, layer => Assert.False(Stream(host, layer), layer + " stayed"));
        Assert.All(shared, layer => Assert.True(Stream(host, layer), layer + " went, but the live image uses it"));
        Assert.False(File.Exists(releaseOneObject), "the deleted image's own object stayed");
        Assert.True(File.Exists(ImageDeployTests.TagFile(host, d2)));

        var dryRun = host.Gc(dryRun: true);
        Assert.Equal(0ul, dryRun.Objects.Count + dryRun.Tags.Count + dryRun.StateDirs.Count);
        // The shared layer stream's object: the chain that keeps it runs from the live image's tag.
        string streams = Path.Combine(host.Paths.Repository, "streams");
        string sharedLayer = Path.GetFullPath(Path.Combine(streams,
            new FileInfo(Path.Combine(streams, shared[0])).LinkTarget!));
        foreach (var verb in new[] { new[] { "fsck" }, ["space"], ["gc", "--explain", sharedLayer] })
        {
            var result = host.Cli(verb);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', verb)}: {result.Stderr}{result.Stdout}");
            Assert.DoesNotContain("unexpected", result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
            if (verb[0] == "gc") Assert.Contains("localhost%2Fbootc-" + d2, result.Stdout);
        }
    }

    [Fact]
    public void Switch_stages_another_image_which_upgrade_then_follows()
    {
        Oracle.RequireTools("tar");
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string layout = ImageDeployTests.LayoutOf(host);
        DemoImageLayout.Write(host, new DemoRelease(1, "k-one"), layout, "stable");
        string v1 = ImageDeployTests.Deployed(host.Cli("deploy", "--image", $"oci:{layout}:stable"));
        host.BootInto(v1);
        string archiveDir = Path.Combine(host.Root, "images", "other");
        string d3 = DemoImageLayout.Write(host, new DemoRelease(3, "k-three"), archiveDir, "next");

        var sameImage = host.Cli("switch", $"oci:{layout}:stable");
        Assert.Equal(1, sameImage.ExitCode);
        Assert.Contains("same fs-verity digest", sameImage.Stderr);

        string v3 = ImageDeployTests.Deployed(host.Cli("switch", $"oci:{archiveDir}:next"));
        var status = host.Status();
        Assert.Equal(v3, status.Status.Staged.Verity());
        Assert.Equal($"{archiveDir}:next", status.Spec.Image!.Image);
        Assert.Equal(d3, status.Status.Staged!.Image!.ImageDigest.ToString());
        Assert.Equal("No update available.\n", host.Cli("upgrade").Stdout);
    }

    private static bool Stream(TestHost host, string name) =>
        new FileInfo(Path.Combine(host.Paths.Repository, "streams", name)).LinkTarget is not null;

    /// <summary>The layer stream names (oci-layer-DIFFID) of an image in the host's repository.</summary>
    private static List<string> LayerStreams(TestHost host, string manifestDigest)
    {
        using var repository = ComposefsRepository.OpenForReading(host.Paths.Repository);
        var image = OciRepository.OpenManifest(repository, OciDigest.Parse(manifestDigest, manifestDigest));
        return image.Config.DiffIds.Select(OciStreamNames.Layer).ToList();
    }
}
