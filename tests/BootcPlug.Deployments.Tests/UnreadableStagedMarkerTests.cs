using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// A /run/composefs/staged-deployment that is not valid JSON: status says so on stderr and prints the rest (bootc's
/// whole status fails instead); which deployment is staged is then unknown, so delete-deployment refuses any
/// deployment with staged entries, and gc keeps them and the marker.
/// </summary>
public sealed class UnreadableStagedMarkerTests
{
    private const string Garbage = "{\"depl_id\": ";

    public static TheoryData<string, bool> Configurations => new()
    {
        { "grub", false }, { "systemd", false }, { "systemd", true }, { "grub", true },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Status_reports_the_marker_and_prints_the_rest(string bootloader, bool uki)
    {
        using var host = Host(bootloader, uki, out string rollback, out string booted, out _);

        var result = host.Cli("status", "--json");
        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"warning: {host.Paths.StagedMarker}:", warning);
        Assert.Contains("not valid JSON", warning);
        Assert.Contains("which deployment is staged is unknown", warning);
        var status = host.Status().Status;
        Assert.Equal(booted, status.Booted.Verity());
        Assert.Equal(rollback, status.Rollback.Verity());
        Assert.Null(status.Staged);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Delete_refuses_a_deployment_that_may_be_staged_and_changes_nothing(string bootloader, bool uki)
    {
        using var host = Host(bootloader, uki, out _, out _, out string staged);
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");

        var result = host.Cli("delete-deployment", staged);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Deployment {staged} has staged boot entries", result.Stderr);
        Assert.Contains("may be the staged deployment; nothing changed", result.Stderr);
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Gc_and_deleting_the_rollback_keep_the_staged_deployment_and_the_marker(string bootloader, bool uki)
    {
        using var host = Host(bootloader, uki, out string rollback, out string booted, out string staged);

        var gc = host.Gc();
        Assert.Contains(gc.Kept, k => k.Path == host.Paths.StagedMarker && k.Reason.Contains("not valid JSON"));
        Assert.Equal(0ul, gc.StateDirs.Count);

        var delete = host.Cli("delete-deployment", rollback);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(Garbage, File.ReadAllText(host.Paths.StagedMarker));
        Assert.Equal(new[] { booted, staged }.Order(), host.StateDirs);
        Assert.Contains(staged, host.Images);
        Assert.Contains(host.Staged, e => e.Deployment.Value == staged);
        Assert.Contains(staged, host.ArtifactNames);
    }

    /// <summary>Rollback (v1), booted (v2), staged (v3, a new kernel), then the marker overwritten.</summary>
    private static TestHost Host(string bootloader, bool uki, out string rollback, out string booted,
        out string staged)
    {
        var host = new TestHost(new HostConfig(bootloader, uki));
        rollback = host.Deploy(new DemoRelease(1, "k-one"));
        host.BootInto(rollback);
        booted = host.Deploy(new DemoRelease(2, "k-one"));
        host.BootInto(booted);
        staged = host.Deploy(new DemoRelease(3, "k-two"), stage: true);
        Assert.Contains(staged, File.ReadAllText(host.Paths.StagedMarker));
        File.WriteAllText(host.Paths.StagedMarker, Garbage);
        return host;
    }
}
