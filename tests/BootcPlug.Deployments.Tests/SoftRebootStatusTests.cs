using BootcPlug.Demo;
using BootcPlug.Deployments.Status;
using BootcPlug.Deployments.Tests.Support;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// softRebootCapable by bootc's rule, on every bootloader and boot type: same boot digest, same command line apart
/// from composefs=, compatible SELinux policies (always, when SELinux is off). The booted entry is never capable.
/// </summary>
public sealed class SoftRebootStatusTests
{
    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void Same_kernel_and_command_line_is_capable_a_new_kernel_is_not(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        string b = host.Deploy(new DemoRelease(2, "k-one"), stage: false);
        host.BootInto(b, optionalVerity: false);
        host.Deploy(new DemoRelease(3, "k-two"), stage: true);

        var status = host.Status().Status;
        Assert.Equal(a, status.Rollback.Verity());
        Assert.False(status.Booted!.SoftRebootCapable);
        Assert.True(status.Rollback!.SoftRebootCapable);
        Assert.False(status.Staged!.SoftRebootCapable);
        Assert.Contains("Soft-reboot: capable", string.Join('\n', ParityHost.Block(host.Human(), "Rollback image")));
    }

    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void A_staged_deployment_with_the_booted_kernel_is_capable(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        host.Deploy(new DemoRelease(2, "k-one"), stage: true);

        var status = host.Status().Status;
        Assert.True(status.Staged!.SoftRebootCapable);
        Assert.False(status.Booted!.SoftRebootCapable);
    }

    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void Another_karg_makes_it_incapable(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        host.Deploy(new DemoRelease(2, "k-one"), stage: true, extra: "quiet");

        Assert.False(host.Status().Status.Staged!.SoftRebootCapable);
    }

    [Theory]
    [InlineData("systemd")]
    [InlineData("grub")]
    public void A_uki_whose_own_karg_differs_only_by_its_question_mark_is_incapable(string bootloader)
    {
        // bootc compares the command lines' lengths first: composefs=? is one byte longer.
        using var host = new TestHost(new HostConfig(bootloader, Uki: true));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        host.Deploy(new DemoRelease(2, "k-one"), stage: true, optionalVerity: true);

        Assert.False(host.Status().Status.Staged!.SoftRebootCapable);
    }

    [Theory]
    [MemberData(nameof(ParityHost.AllConfigurations), MemberType = typeof(ParityHost))]
    public void Selinux_policies_are_compared_only_when_selinux_is_on(string bootloader, bool uki)
    {
        using var host = new TestHost(new HostConfig(bootloader, uki));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        string b = host.Deploy(new DemoRelease(2, "k-one"), stage: true);
        Policy(host, a, "targeted", ("policy.33", "policy A"));
        Policy(host, b, "targeted", ("policy.33", "policy B"));

        // SELinux off: policies do not matter.
        Assert.True(host.Status().Status.Staged!.SoftRebootCapable);

        string enforce = Path.Combine(host.Root, "sys", "fs", "selinux", "enforce");
        Directory.CreateDirectory(Path.GetDirectoryName(enforce)!);
        File.WriteAllText(enforce, "1");
        Assert.False(host.Status().Status.Staged!.SoftRebootCapable);

        // The highest policy.N counts; a lower one that differs does not.
        Policy(host, b, "targeted", ("policy.33", "policy A"), ("policy.31", "old B"));
        Assert.True(host.Status().Status.Staged!.SoftRebootCapable);

        // One deployment without a policy, the other with one: incompatible; neither with one: compatible.
        Directory.Delete(Path.Combine(host.Paths.StateDir(b), "etc", "selinux"), recursive: true);
        Assert.False(host.Status().Status.Staged!.SoftRebootCapable);
        Directory.Delete(Path.Combine(host.Paths.StateDir(a), "etc", "selinux"), recursive: true);
        Assert.True(host.Status().Status.Staged!.SoftRebootCapable);
    }

    [Fact]
    public void An_unreadable_policy_is_a_warning_and_not_capable()
    {
        using var host = new TestHost(new HostConfig("grub", Uki: false));
        string a = host.Deploy(new DemoRelease(1, "k-one"), stage: false);
        host.BootInto(a, optionalVerity: false);
        string b = host.Deploy(new DemoRelease(2, "k-one"), stage: true);
        Policy(host, a, "targeted", ("policy.33", "policy A"));
        Policy(host, b, "targeted", ("policy.x", "policy A"));
        string enforce = Path.Combine(host.Root, "sys", "fs", "selinux", "enforce");
        Directory.CreateDirectory(Path.GetDirectoryName(enforce)!);
        File.WriteAllText(enforce, "1");

        var result = host.Cli("status", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("policy.x: 'x' is not a policy version number", result.Stderr);
        Assert.False(host.Status().Status.Staged!.SoftRebootCapable);
    }

    [Fact]
    public void Command_lines_compare_by_arguments_apart_from_composefs()
    {
        Assert.True(KernelArguments.EqualApartFromComposefs("rw quiet composefs=aa", "quiet rw composefs=bb"));
        Assert.True(KernelArguments.EqualApartFromComposefs("a-b=1 rw composefs=aa", "a_b=1 rw composefs=bb"));
        Assert.True(KernelArguments.EqualApartFromComposefs("x=\"a b\" composefs=a", "x=\"a b\" composefs=b"));
        Assert.False(KernelArguments.EqualApartFromComposefs("rw x=1 composefs=aa", "rw x=2 composefs=bb"));
        Assert.False(KernelArguments.EqualApartFromComposefs("rw composefs=aa", "rw composefs=?aa"));
        Assert.False(KernelArguments.EqualApartFromComposefs("ro composefs=aa", "rw composefs=aa"));
        Assert.Equal(
            [new KernelArguments.Argument("x", "a b"), new KernelArguments.Argument("ro", null)],
            KernelArguments.Split("  x=\"a b\"\tro\n"));
    }

    private static void Policy(TestHost host, string deployment, string type, params (string Name, string Text)[] files)
    {
        string selinux = Path.Combine(host.Paths.StateDir(deployment), "etc", "selinux");
        if (Directory.Exists(selinux)) Directory.Delete(selinux, recursive: true);
        Directory.CreateDirectory(Path.Combine(selinux, type, "policy"));
        File.WriteAllText(Path.Combine(selinux, "config"), $"SELINUX=enforcing\nSELINUXTYPE={type}\n");
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(selinux, type, "policy", name), text);
    }
}
