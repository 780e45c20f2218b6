using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// deploy --boot-tries N through the real CLI on every bootloader configuration: systemd-boot names the new entry
/// with the counter and status reports it; grub and grub-cc do not count, so the entry has no counter and the CLI
/// warns.
/// </summary>
public sealed class BootTriesDeployTests
{
    public static TheoryData<string, bool> Configurations => ParityHost.AllConfigurations;

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_new_entry_counts_boots_where_the_loader_does(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        var first = new DemoRelease(1, "k-1");
        var deployed = host.Cli("deploy", "--rootfs", host.Tree(first), "--image-ref", first.ImageRef);
        Assert.True(deployed.ExitCode == 0, deployed.Stderr);
        host.BootInto(deployed.Stdout.Split('\n')[0]);

        var second = new DemoRelease(2, "k-2");
        var result = host.Cli("deploy", "--rootfs", host.Tree(second), "--boot-tries", "3");
        Assert.True(result.ExitCode == 0, result.Stderr);
        string id = result.Stdout.Split('\n')[0];
        var entry = host.Live.First(e => e.Deployment.Value == id);
        var status = host.Status().Status;
        var listed = new[] { status.Booted, status.Rollback }.Concat(status.OtherDeployments)
            .Single(d => d?.Verity() == id)!;
        bool counts = bootloader == "systemd";
        Assert.Equal(counts ? 3 : null, entry.TriesLeft);
        Assert.Equal(counts, Path.GetFileName(entry.SourcePath).Contains("+3", StringComparison.Ordinal));
        Assert.True(counts == !result.Stderr.Contains("warning", StringComparison.Ordinal), result.Stderr);
        if (!counts) Assert.Contains("--boot-tries ignored", result.Stderr);
        Assert.Equal(counts ? 3u : null, listed.Composefs!.BootCounter?.TriesLeft);
        Assert.Equal(counts, host.Human().Contains("Boot tries: 3 left", StringComparison.Ordinal));
        // The booted (first) deployment's entry keeps no counter either way.
        Assert.Null(host.Live.First(e => e.Deployment.Value != id).TriesLeft);
    }

    [Fact]
    public void Boot_tries_out_of_range_is_a_usage_error()
    {
        using var host = new TestHost(new HostConfig("systemd", Uki: false));
        var result = host.Cli("deploy", "--rootfs", host.Tree(new DemoRelease(1, "k-1")), "--boot-tries", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("1 to 99", result.Stderr);
        Assert.Empty(host.Live);
    }
}
