using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>Rollback with more than two entries (upstream asserts exactly two).</summary>
public sealed class RollbackTests
{
    [Fact]
    public void Rollback_with_three_entries_moves_only_the_rollback_to_the_front_and_back()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-two"));
        host.BootInto(b);
        string c = host.Deploy(new DemoRelease(3, "k-three"));
        host.BootInto(c);
        Assert.Equal(new[] { c, b }, host.Live.Select(e => e.Deployment.Value));

        // Give A an entry again, third in the menu (an admin kept an older deployment bootable).
        string entries = Path.Combine(host.Paths.Esp, "loader", "entries");
        string bConf = Directory.GetFiles(entries).Single(f => File.ReadAllText(f).Contains($"composefs={b}"));
        File.WriteAllText(Path.Combine(entries, "bootc_demo_os-1-0.conf"), File.ReadAllText(bConf)
            .Replace(b, a).Replace("version 2", "version 1").Replace("Demo OS 2", "Demo OS 1")
                .Replace("sort-key bootc-demo-os-1", "sort-key bootc-demo-os-2"));
        Assert.Equal(new[] { c, b, a }, host.Live.Select(e => e.Deployment.Value));
        var status = host.Status();
        Assert.Equal(b, status.Status.Rollback.Verity());
        Assert.Equal(a, Assert.Single(status.Status.OtherDeployments).Verity());

        var rollback = host.Cli("rollback");
        Assert.True(rollback.ExitCode == 0, rollback.Stderr);
        Assert.Equal(new[] { b, c, a }, host.Live.Select(e => e.Deployment.Value));
        Assert.True(host.Status().Status.RollbackQueued);

        Assert.Contains("Reverting queued rollback state", host.Cli("rollback").Stdout);
        Assert.Equal(new[] { c, b, a }, host.Live.Select(e => e.Deployment.Value));
        Assert.False(host.Status().Status.RollbackQueued);

        // The third entry keeps everything of A alive until it is deleted.
        Assert.Equal(0ul, host.Gc().StateDirs.Count);
        Assert.Equal(0, host.Cli("delete-deployment", a).ExitCode);
        Assert.Equal(new[] { c, b }, host.Live.Select(e => e.Deployment.Value));
        Assert.Equal(new[] { b, c }.Order(), host.StateDirs);
    }

    [Fact]
    public void Rollback_without_a_rollback_deployment_fails_and_changes_nothing()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");
        var result = host.Cli("rollback");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No rollback available", result.Stderr);
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
    }
}
