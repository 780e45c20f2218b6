using BootcPlug.Demo;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// missingVerityAllowed is the running kernel's composefs=? on every entry (bootc's rule), on every bootloader and
/// boot type; where a shown deployment's own argument disagrees, `status -v` says so.
/// </summary>
public sealed class MissingVerityStatusTests
{
    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void The_booted_kargs_question_mark_is_reported_on_every_entry(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        string b = host.Deploy(new DemoRelease(2, "k-one"), stage: false);
        host.BootInto(b, optionalVerity: true);
        string c = host.Deploy(new DemoRelease(3, "k-two"), stage: true);

        var status = host.Status().Status;
        Assert.Equal(b, status.Booted.Verity());
        Assert.Equal(a, status.Rollback.Verity());
        Assert.Equal(c, status.Staged.Verity());
        foreach (var entry in new[] { status.Booted, status.Rollback, status.Staged })
            Assert.True(entry!.Composefs!.MissingVerityAllowed, entry.Verity());

        // Their own arguments enforce fs-verity: the verbose output says so for them, not for the booted one.
        string human = host.Human();
        Assert.Contains("FsVerity: Not Enforced", human);
        foreach (string head in new[] { "Staged image", "Rollback image" })
            Assert.Contains(ParityHost.Block(human, head),
                line => line.Contains("Note: its own composefs= enforces fs-verity", StringComparison.Ordinal));
        Assert.DoesNotContain(ParityHost.Block(human, "Booted image"), line => line.Contains("Note:"));
        Assert.DoesNotContain("Note:", host.Cli("status", "--format", "humanreadable").Stdout);
    }

    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void An_enforcing_booted_karg_is_reported_on_every_entry_without_notes(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        host.Deploy(new DemoRelease(2, "k-one"), stage: true);

        var status = host.Status().Status;
        Assert.False(status.Booted!.Composefs!.MissingVerityAllowed);
        Assert.False(status.Staged!.Composefs!.MissingVerityAllowed);
        Assert.DoesNotContain("Note:", host.Human());
    }

    [Theory]
    [InlineData("systemd")]
    [InlineData("grub")]
    public void A_uki_booted_with_a_question_mark_reports_it(string bootloader)
    {
        // The karg lives in the UKI's .cmdline and in /proc/cmdline; no BLS options line carries it.
        using var host = new TestHost(new HostConfig(bootloader, Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false, optionalVerity: true);
        host.BootInto(a, optionalVerity: true);
        // The staged UKI's own .cmdline allows missing verity too, the next one's enforces it.
        host.Deploy(new DemoRelease(2, "k-one"), stage: true, optionalVerity: true);

        var status = host.Status().Status;
        Assert.True(status.Booted!.Composefs!.MissingVerityAllowed);
        Assert.True(status.Staged!.Composefs!.MissingVerityAllowed);
        Assert.DoesNotContain("Note:", host.Human());
    }

    [Theory]
    [InlineData("systemd")]
    [InlineData("grub")]
    public void A_uki_whose_own_karg_allows_missing_verity_follows_the_enforcing_booted_one(string bootloader)
    {
        using var host = new TestHost(new HostConfig(bootloader, Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        host.Deploy(new DemoRelease(2, "k-one"), stage: true, optionalVerity: true);

        var status = host.Status().Status;
        Assert.False(status.Staged!.Composefs!.MissingVerityAllowed);
        Assert.Contains(ParityHost.Block(host.Human(), "Staged image"),
            line => line.Contains("Note: its own composefs=? allows missing fs-verity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("grub", false)]
    [InlineData("systemd", true)]
    public void Without_a_booted_deployment_each_entry_reports_its_own_karg(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        File.Delete(host.Paths.ProcCmdline);
        var status = host.Status().Status;
        Assert.Null(status.Booted);
        Assert.False(status.Rollback!.Composefs!.MissingVerityAllowed);
    }
}
