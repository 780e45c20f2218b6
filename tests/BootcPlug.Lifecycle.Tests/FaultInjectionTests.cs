using BootcPlug.Deployments.Demo;
using BootcPlug.Deployments.Faults;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Lifecycle.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Lifecycle.Tests;

/// <summary>
/// Every operation stopped at every mutating step (each named fault point and each durable write, rename or
/// exchange of the plugins), then gc and status: the host converges and the booted deployment stays whole.
/// </summary>
public sealed class FaultInjectionTests
{
    private static readonly DemoRelease V1 = new(1, "6.1.0-demo"), V2 = new(2, "6.1.0-demo"), V3 = new(3, "6.2.0-demo");

    public static TheoryData<string, bool> Configurations => LifecycleTests.Configurations;

    /// <summary>v1 rollback, v2 booted, v3 staged (as the demo lays out).</summary>
    private static (TestHost Host, string V1, string V2, string V3) Prepare(string bootloader, bool uki)
    {
        var host = new TestHost(new HostConfig(bootloader, uki));
        string v1 = host.Deploy(V1);
        host.BootInto(v1);
        string v2 = host.Deploy(V2);
        host.BootInto(v2);
        string v3 = host.Deploy(V3, stage: true);
        return (host, v1, v2, v3);
    }

    private static int StopAtEveryStep(TestHost template, string booted, string name, Action<TestHost> operation)
    {
        FaultPoints.HookDurableIO();
        var points = new List<string>();
        using (var probe = template.Copy())
        {
            FaultPoints.Recorder.Value = points;
            FaultPoints.ResetCount();
            operation(probe);
            FaultPoints.Recorder.Value = null;
            probe.AssertConverges(booted, $"{name} without a fault");
        }
        Assert.NotEmpty(points);
        for (int n = 1; n <= points.Count; n++)
        {
            using var host = template.Copy();
            FaultPoints.ResetCount();
            FaultPoints.ThrowAtIndex.Value = n;
            try
            {
                var fault = Assert.Throws<InjectedFaultException>(() => operation(host));
                Assert.Equal(Normalize(points[n - 1]), Normalize(fault.Point));
            }
            finally
            {
                FaultPoints.ThrowAtIndex.Value = null;
            }
            host.AssertConverges(booted, $"{name} stopped at step {n} ({points[n - 1]})");
        }
        return points.Count;
    }

    /// <summary>Step names hold paths with the copy's root and random temp suffixes.</summary>
    private static string Normalize(string point) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(point, "bootcplug-copy-[A-Za-z0-9]+", "ROOT"), "-[0-9a-f]{8}(?=$|/|-)", "-X");

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Deploy_stopped_anywhere_converges(string bootloader, bool uki)
    {
        var (host, _, v2, _) = Prepare(bootloader, uki);
        using (host)
        {
            var v4 = new DemoRelease(4, "6.3.0-demo");
            string tree = host.Tree(v4);
            int steps = StopAtEveryStep(host, v2, "deploy", h => new BootcPlug.Deployments.Operations.Deploy.Deployer(h.Paths, h.Bootloaders, NullLogger.Instance)
                .Deploy(new BootcPlug.Deployments.Operations.Deploy.DeployRequest(tree.Replace(host.Root, h.Root), Stage: false, [], v4.ImageRef)));
            Assert.True(steps >= 8, $"only {steps} steps");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Delete_stopped_anywhere_converges(string bootloader, bool uki)
    {
        var (host, v1, v2, v3) = Prepare(bootloader, uki);
        using (host)
        {
            StopAtEveryStep(host, v2, "delete rollback and staged", h =>
            {
                var inventory = h.Inventory();
                var targets = DeploymentResolver.Resolve(inventory, [v1, v3]);
                new DeploymentDeleter(h.Paths, h.Bootloaders, NullLogger.Instance).Delete(inventory, targets, dryRun: false);
                h.Gc();
            });
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rollback_and_finalize_stopped_anywhere_converge(string bootloader, bool uki)
    {
        var (host, _, v2, _) = Prepare(bootloader, uki);
        using (host)
        {
            StopAtEveryStep(host, v2, "rollback", h => new Rollback(h.Paths, h.Bootloaders, NullLogger.Instance).Run(h.Inventory()));
            StopAtEveryStep(host, v2, "finalize", h =>
            {
                new FinalizeStaged(h.Paths, h.Bootloaders, NullLogger.Instance).Run(h.Inventory());
                new HostGarbageCollector(h.Paths, NullLogger.Instance).Run(InventoryView.Of(h.Inventory()), dryRun: false, artifactsOnly: true);
            });
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Gc_stopped_anywhere_converges(string bootloader, bool uki)
    {
        var (host, v1, v2, _) = Prepare(bootloader, uki);
        using (host)
        {
            // Unlink v1 without collecting, so the GC has artifacts, a state dir and objects to remove.
            var inventory = host.Inventory();
            new DeploymentDeleter(host.Paths, host.Bootloaders, NullLogger.Instance).Delete(inventory, DeploymentResolver.Resolve(inventory, [v1]), dryRun: false);
            Assert.True(host.Gc(dryRun: true).StateDirs.Count == 1);
            StopAtEveryStep(host, v2, "gc", h => h.Gc());
        }
    }

    [Fact]
    public void Killing_the_real_process_in_the_middle_of_a_delete_then_gc_converges()
    {
        var (host, v1, v2, _) = Prepare("grub", false);
        using (host)
        {
            var killed = host.CliWithEnvironment(new Dictionary<string, string> { [FaultPoints.EnvironmentVariable] = "gc.state-dir-renamed" },
                "delete-deployment", v1);
            Assert.Equal(137, killed.ExitCode);   // 128 + SIGKILL
            Assert.Contains("fault injected at gc.state-dir-renamed", killed.Stderr);
            Assert.DoesNotContain(host.Live, e => e.Verity == v1);
            Assert.Contains(host.StateDirs, d => d.StartsWith(".bootcplug-tmp-gc-", StringComparison.Ordinal));

            var gc = host.Cli("gc");
            Assert.Equal(0, gc.ExitCode);
            Assert.DoesNotContain(host.StateDirs, d => d.StartsWith('.'));
            host.AssertConverges(v2, "after a real kill");
        }
    }

    [Fact]
    public void Killing_the_real_process_at_a_durable_step_of_deploy_then_gc_converges()
    {
        var (host, _, v2, _) = Prepare("systemd", false);
        using (host)
        {
            var v4 = new DemoRelease(4, "6.3.0-demo");
            var killed = host.CliWithEnvironment(new Dictionary<string, string> { [FaultPoints.EnvironmentVariable] = "#6" },
                "deploy", "--rootfs", host.Tree(v4), "--image-ref", v4.ImageRef);
            Assert.Equal(137, killed.ExitCode);
            Assert.Equal(0, host.Cli("gc").ExitCode);
            host.AssertConverges(v2, "deploy killed at its 6th step");
        }
    }
}
