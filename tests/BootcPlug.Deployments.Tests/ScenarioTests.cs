using BootcPlug.Demo;
using BootcPlug.Deployments.Status;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>Scenarios from upstream bootc's own tests: shared kernels, orphans, corrupted state.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public void Shared_kernel_dirs_are_compared_by_name_not_verity_A_B_C_D()
    {
        // A; B shares A's kernel; C has a new kernel; D shares C's (issue #2102).
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-one"));
        host.BootInto(b);
        Assert.Equal(new[] { a }, host.ArtifactNames);
        Assert.Equal(a, host.Live.Single(e => e.Deployment.Value == b).BootArtifactName);

        string c = host.Deploy(new DemoRelease(3, "k-two"));
        host.BootInto(c);
        host.Gc();
        // Entries {C, B}: B still boots A's dir.
        Assert.Equal(new[] { a, c }.Order(), host.ArtifactNames);

        string d = host.Deploy(new DemoRelease(4, "k-two"));
        host.BootInto(d);
        Assert.Equal(c, host.Live.Single(e => e.Deployment.Value == d).BootArtifactName);
        var report = host.Gc();
        // Entries {D, C}: A's dir is unreferenced, C's is shared by D.
        Assert.Equal(1ul, report.BootArtifacts.Count);
        Assert.Equal(new[] { c }, host.ArtifactNames);
        Assert.Equal(new[] { c, d }.Order(), host.StateDirs);
    }

    [Fact]
    public void Orphans_in_both_directions_state_dir_without_entry_and_entry_without_state_dir()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-two"));

        // A state dir that no entry names (an interrupted deploy): gc removes it.
        string orphan = new string('e', 128);
        Directory.CreateDirectory(host.Paths.StateDir(orphan));
        // An entry whose state dir is gone (an interrupted cleanup): status warns and leaves it out; gc keeps it.
        Directory.Delete(host.Paths.StateDir(b), recursive: true);

        var status = host.Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"No origin file for deployment {b}", status.Stderr);
        Assert.DoesNotContain(b, status.Stdout);

        var report = host.Gc();
        Assert.Equal(1ul, report.StateDirs.Count);
        Assert.Contains(report.Kept, k => k.Reason.Contains(b) && k.Reason.Contains("state dir is missing"));
        Assert.Contains(host.Live, e => e.Deployment.Value == b);
        Assert.Equal(new[] { a }, host.StateDirs);

        // delete-deployment removes the entry; then its image and kernel dir go too.
        var delete = host.Cli("delete-deployment", b);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.DoesNotContain(host.Live, e => e.Deployment.Value == b);
        Assert.Equal(new[] { a }, host.Images);
        Assert.Equal(new[] { a }, host.ArtifactNames);
    }

    [Fact]
    public void Entry_with_a_bad_verity_is_reported_and_status_still_works()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string entries = Path.Combine(host.Paths.Esp, "loader", "entries");
        string good = Directory.GetFiles(entries, "*.conf").Single();
        File.WriteAllText(Path.Combine(entries, "extra.conf"),
            File.ReadAllText(good).Replace($"composefs={a}", "composefs=bad-verity"));

        var status = host.Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        // An entry whose composefs= is not a deployment id cannot be tied to a deployment: it is a problem of the
        // listing, so status warns and gc refuses (unsure means keep).
        Assert.Contains("extra.conf: 'bad-verity' is not a deployment id", status.Stderr);
        Assert.Equal(a, host.Status().Status.Booted.Verity());
        var gc = host.Cli("gc", "--dry-run");
        Assert.Equal(1, gc.ExitCode);
        Assert.Contains("cannot tell which deployments are live, nothing deleted", gc.Stderr);
        Assert.Contains("extra.conf: 'bad-verity' is not a deployment id", gc.Stderr);
    }

    [Fact]
    public void Missing_run_composefs_means_nothing_staged_and_staging_can_be_redone()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        var release = new DemoRelease(2, "k-one");
        string b = host.Deploy(release, stage: true);
        Assert.Equal(b, host.Status().Status.Staged.Verity());

        Directory.Delete(host.Paths.RunComposefs, recursive: true);
        Assert.Null(host.Status().Status.Staged);
        // The staged entries are still there, but a new staging replaces them.
        var again = host.Cli("deploy", "--rootfs", host.Tree(new DemoRelease(3, "k-two")), "--stage");
        Assert.True(again.ExitCode == 0, again.Stderr);
        string c = again.Stdout.Split('\n')[0];
        Assert.Equal(c, host.Status().Status.Staged.Verity());
        Assert.Equal(new[] { c, a }, host.Staged.Select(e => e.Deployment.Value));
        Assert.Equal(1ul, host.Gc().StateDirs.Count);   // b's state dir
    }

    [Fact]
    public void Staged_deployment_without_origin_is_left_out_with_a_warning()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-two"), stage: true);
        File.Delete(host.Paths.OriginFile(b));
        var status = host.Cli("status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"No origin file for deployment {b}", status.Stderr);
        Assert.Null(HostStatusBuilder.Build(host.Inventory()).Document.Status.Staged);
    }

    [Fact]
    public void Deploying_an_identical_tree_is_refused()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        var release = new DemoRelease(1, "k-one");
        string a = host.Deploy(release);
        var again = host.Cli("deploy", "--rootfs", host.Tree(release));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"Deployment {a} already exists", again.Stderr);
    }

    [Fact]
    public void Deleting_a_deployment_keeps_a_staged_update()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(a);
        string b = host.Deploy(new DemoRelease(2, "k-two"));
        host.BootInto(b);
        string c = host.Deploy(new DemoRelease(3, "k-three"), stage: true);
        var delete = host.Cli("delete-deployment", a);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        var status = host.Status();
        Assert.Equal(c, status.Status.Staged.Verity());
        Assert.Null(status.Status.Rollback);
        Assert.Equal(new[] { b, c }.Order(), host.ArtifactNames);
    }
}
