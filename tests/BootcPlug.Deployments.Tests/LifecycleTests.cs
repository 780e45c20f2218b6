using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Models;
using BootcPlug.Testing;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// The whole lifecycle through the real CLI on each configuration, with the files on disk checked after each step:
/// demo (deploy ×3), status, finalize, reboot, gc, stage, rollback, un-rollback, delete rollback, delete staged, gc.
/// </summary>
public sealed class LifecycleTests
{
    public static TheoryData<string, bool> Configurations => new()
    {
        { "grub", false },
        { "grub", true },
        { "systemd", false },
        { "systemd", true },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Whole_lifecycle(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        Directory.Delete(host.Root, recursive: true);
        var demo = CliRunnerDemo(host, bootloader, uki);

        // demo: v1 rollback, v2 booted, v3 staged.
        var status = host.Status();
        Assert.Equal(demo.Booted, status.Status.Booted.Verity());
        Assert.Equal(demo.Rollback, status.Status.Rollback.Verity());
        Assert.Equal(demo.Staged, status.Status.Staged.Verity());
        Assert.False(status.Status.RollbackQueued);
        Assert.Equal(uki ? BootType.Uki : BootType.Bls, status.Status.Booted!.Composefs!.BootType);
        Assert.Equal(bootloader, status.Status.Booted.Composefs.Bootloader.ToWireName());
        Assert.Equal(new[] { demo.Booted, demo.Rollback }, host.Live.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { demo.Staged, demo.Booted }, host.Staged.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { demo.Rollback, demo.Booted, demo.Staged }.Order(), host.StateDirs);
        Assert.Equal(new[] { demo.Rollback, demo.Booted, demo.Staged }.Order(), host.Images);
        // Type1: v2 shares v1's kernel dir; UKIs: one each.
        Assert.Equal((uki ? new[] { demo.Rollback, demo.Booted, demo.Staged } : new[] { demo.Rollback, demo.Staged })
            .Order(), host.ArtifactNames);
        Assert.True(File.Exists(host.Paths.StagedMarker));

        // finalize: the staged set becomes live; the old rollback loses its entry, and its artifact if unshared.
        Ok(host.Cli("finalize-staged"));
        Assert.Equal(new[] { demo.Staged, demo.Booted }, host.Live.Select(e => e.Deployment.Value));
        Assert.Empty(host.Staged);
        Assert.False(File.Exists(host.Paths.StagedMarker));
        Assert.Equal((uki ? new[] { demo.Booted, demo.Staged } : new[] { demo.Rollback, demo.Staged }).Order(),
            host.ArtifactNames);
        status = host.Status();
        Assert.Null(status.Status.Staged);
        Assert.True(status.Status.RollbackQueued);           // not rebooted yet: the first entry is not the booted one
        Assert.Equal(BootOrder.Rollback, status.Spec.BootOrder);

        host.BootInto(demo.Staged);
        status = host.Status();
        Assert.Equal(demo.Staged, status.Status.Booted.Verity());
        Assert.Equal(demo.Booted, status.Status.Rollback.Verity());
        Assert.False(status.Status.RollbackQueued);

        // gc: v1's state dir and image go; the object only v1 had goes, shared ones stay.
        string v1Only = host.ObjectPathOf("usr/share/demo/release-1.txt", new DemoRelease(1, "6.1.0-demo"));
        string shared = host.ObjectPathOf("usr/share/demo/shared.txt", new DemoRelease(1, "6.1.0-demo"));
        Assert.True(File.Exists(v1Only));
        var gc = Ok(host.Cli("gc"));
        Assert.Contains("State dirs: 1 removed", gc.Stdout);
        Assert.Equal(new[] { demo.Booted, demo.Staged }.Order(), host.StateDirs);
        Assert.Equal(new[] { demo.Booted, demo.Staged }.Order(), host.Images);
        Assert.False(File.Exists(v1Only));
        Assert.True(File.Exists(shared));

        // stage v4, then roll back: the staged update is discarded and the old deployment is queued.
        var release4 = new DemoRelease(4, "6.2.0-demo");
        string v4 = Ok(
            host.Cli("deploy", "--rootfs", host.Tree(release4), "--stage", "--image-ref",
                release4.ImageRef)).Stdout.Split('\n')[0];
        Assert.Equal(v4, host.Status().Status.Staged.Verity());
        var rollback = Ok(host.Cli("rollback"));
        Assert.Contains($"Discarded staged deployment {v4}", rollback.Stdout);
        Assert.Contains($"Next boot: rollback deployment {demo.Booted}", rollback.Stdout);
        Assert.Empty(host.Staged);
        Assert.False(File.Exists(host.Paths.StagedMarker));
        Assert.Equal(new[] { demo.Booted, demo.Staged }, host.Live.Select(e => e.Deployment.Value));
        status = host.Status();
        Assert.True(status.Status.RollbackQueued);
        Assert.Null(status.Status.Staged);

        // rollback again: back to the booted deployment.
        Assert.Contains("Reverting queued rollback state", Ok(host.Cli("rollback")).Stdout);
        Assert.Equal(new[] { demo.Staged, demo.Booted }, host.Live.Select(e => e.Deployment.Value));
        Assert.False(host.Status().Status.RollbackQueued);

        // the discarded v4 is garbage; delete the rollback (v2) too.
        var delete = Ok(host.Cli("delete-deployment", demo.Booted[..12]));
        Assert.Contains($"Deleted rollback deployment {demo.Booted}", delete.Stdout);
        Assert.Equal(new[] { demo.Staged }, host.Live.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { demo.Staged }, host.StateDirs);
        Assert.Equal(new[] { demo.Staged }, host.Images);
        Assert.Equal(new[] { demo.Staged }, host.ArtifactNames);
        Assert.Null(host.Status().Status.Rollback);

        // stage v4 again and delete it while staged: its entries, marker, state and artifact go.
        string v4Again = Ok(
            host.Cli("deploy", "--rootfs", host.Tree(release4), "--stage", "--image-ref",
                release4.ImageRef)).Stdout.Split('\n')[0];
        Assert.Equal(v4, v4Again);
        Assert.Contains($"Deleted staged deployment {v4}", Ok(host.Cli("delete-deployment", v4)).Stdout);
        Assert.Empty(host.Staged);
        Assert.False(File.Exists(host.Paths.StagedMarker));
        Assert.Equal(new[] { demo.Staged }, host.StateDirs);
        Assert.Equal(new[] { demo.Staged }, host.ArtifactNames);
        Assert.Null(host.Status().Status.Staged);

        // a second gc removes nothing.
        var again = Ok(host.Cli("gc", "--json"));
        Assert.Contains("\"bootArtifacts\":{\"count\":0,\"bytes\":0}", again.Stdout);
        Assert.Contains("\"objects\":{\"count\":0,\"bytes\":0}", again.Stdout);
        Assert.Contains("\"stateDirs\":{\"count\":0,\"bytes\":0}", again.Stdout);
    }

    private static DemoResult CliRunnerDemo(TestHost host, string bootloader, bool uki)
    {
        var args = new List<string> { "demo", host.Root, "--bootloader", bootloader };
        if (uki) args.Add("--uki");
        var result = Ok(CliRunner.Run([.. args]));
        string Id(string label)
            => result.Stdout.Split('\n')
                .Single(l => l.TrimStart().StartsWith(label + " ", StringComparison.Ordinal)).Trim()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new DemoResult(Id("rollback"), Id("booted"), Id("staged"), uki);
    }

    private static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        return result;
    }
}
