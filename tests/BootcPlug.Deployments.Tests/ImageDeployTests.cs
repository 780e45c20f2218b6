using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// `deploy --image` from an OCI layout built offline (<see cref="DemoImageLayout"/>), through the real CLI, on every
/// bootloader configuration: the deployment boots what the image holds, status shows the image as bootc does, and
/// the GC-root tag keeps the image's streams while the deployment lives.
/// </summary>
public sealed class ImageDeployTests
{
    public static IEnumerable<object[]> Configurations => DeployTreeCheckTests.Configurations;

    /// <summary>A host booted into a tree deployment of release 1.</summary>
    internal static TestHost BootedHost(HostConfig config)
    {
        var host = new TestHost(config);
        host.BootInto(host.Deploy(new DemoRelease(1, "k-one")));
        return host;
    }

    internal static string LayoutOf(TestHost host) => Path.Combine(host.Root, "images", "layout");

    internal static string Deployed(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return result.Stdout.Split('\n')[0];
    }

    internal static string TagFile(TestHost host, string manifestDigest) =>
        Path.Combine(host.Paths.Repository, "streams", "refs", "oci", "localhost%2Fbootc-" + manifestDigest);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void An_image_deploys_stages_and_finalizes_with_bootcs_status(HostConfig config)
    {
        Oracle.RequireTools("tar");
        using var host = BootedHost(config);
        string layout = LayoutOf(host);
        string digest = DemoImageLayout.Write(host, new DemoRelease(2, "k-two"), layout, "v2");
        // A tree deploy leaves its UKI's object unreferenced (/boot is empty in the image): garbage before ours.
        ulong garbageBefore = host.Gc(dryRun: true).Objects.Count;

        string verity = Deployed(host.Cli("deploy", "--image", $"oci:{layout}:v2", "--stage"));

        var staged = host.Status().Status.Staged;
        Assert.Equal(verity, staged.Verity());
        var image = staged!.Image!;
        Assert.Equal($"{layout}:v2", image.Image.Image);
        Assert.Equal("oci", image.Image.Transport);
        Assert.Equal(digest, image.ImageDigest.ToString());
        Assert.Equal("2.0", image.Version);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero), image.Timestamp);
        Assert.Equal("amd64", image.Architecture);
        string origin = File.ReadAllText(host.Paths.OriginFile(verity));
        Assert.Contains($"container-image-reference = ostree-unverified-image:oci:{layout}:v2", origin);
        Assert.Contains($"manifest_digest = {digest}", origin);
        Assert.Contains($"boot_type = {(config.Uki ? "uki" : "bls")}", origin);
        Assert.Equal($"../../oci-manifest-{digest}", new FileInfo(TagFile(host, digest)).LinkTarget);
        Assert.Equal("demo\n", File.ReadAllText(Path.Combine(host.Paths.StateDir(verity), "etc", "hostname")));
        Assert.DoesNotContain(host.StateDirs, d => d.StartsWith('.'));

        // What the image holds: the whiteout applied, the hardlink kept, /boot empty.
        string erofs = Path.Combine(host.Paths.Repository, "images", verity);
        Assert.DoesNotContain("File :", ErofsPath(erofs, "/" + DemoImageLayout.Deleted).Stdout);
        Assert.Contains("Links: 2", ErofsPath(erofs, "/usr/share/demo/base-link.txt").Stdout);
        Assert.Contains("Links: 2", ErofsPath(erofs, "/usr/share/demo/base.txt").Stdout);
        Assert.Contains("File :", ErofsPath(erofs, "/boot").Stdout);
        Assert.DoesNotContain("File :", ErofsPath(erofs, "/boot/EFI").Stdout);

        Assert.Equal(0, host.Cli("finalize-staged").ExitCode);
        host.BootInto(verity);
        var booted = host.Status().Status.Booted;
        Assert.Equal(verity, booted.Verity());
        Assert.Equal(digest, booted!.Image!.ImageDigest.ToString());

        // Everything of the image is rooted: a gc has nothing more to remove from the repository than before.
        var dryRun = host.Gc(dryRun: true);
        Assert.Equal(garbageBefore, dryRun.Objects.Count);
        Assert.Equal(0ul, dryRun.Tags.Count);
    }

    /// <summary>dump.erofs on one path: it prints "File :" and the inode when the path is there (exit 0 either
    /// way).</summary>
    internal static ProgramResult ErofsPath(string image, string path) =>
        ExternalProgram.Run(Oracle.FindTool("dump.erofs") ?? "dump.erofs", Path.GetTempPath(), null,
            ["--path=" + path, image]);
}
