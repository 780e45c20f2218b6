using System.Collections.Concurrent;
using System.Diagnostics;
using BootcPlug.Deployments.Status;
using BootcPlug.Deployments.Tests.Support;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Tests;

/// <summary>The sweep's hosts, built once per configuration and shared by its verbs.</summary>
public sealed class SweepTemplates : IDisposable
{
    private readonly ConcurrentDictionary<HostConfig, Lazy<SweepTemplate>> _templates = new();

    public SweepTemplate For(HostConfig config)
        => _templates.GetOrAdd(config, c => new Lazy<SweepTemplate>(() => new SweepTemplate(c))).Value;

    public void Dispose()
    {
        foreach (var template in _templates.Values.Where(t => t.IsValueCreated)) template.Value.Dispose();
    }
}

/// <summary>
/// Every verb killed (SIGKILL, through the real CLI) at its fault points on all five bootloader configurations, with
/// and without RENAME_EXCHANGE: readers change nothing, the booted deployment stays whole, and the same verb again
/// plus gc gives the tree of an uninterrupted run. The suite tries one point of each verb on one configuration,
/// rotating daily (BOOTCPLUG_SWEEP_SEED pins it); BOOTCPLUG_SWEEP=full tries every point of every verb on every
/// configuration (benchmarks/fault-sweep.sh).
/// </summary>
public sealed class FaultInjectionTests(SweepTemplates templates) : IClassFixture<SweepTemplates>
{
    /// <summary>grub BLS, grub UKI, systemd-boot BLS, systemd-boot UKI, grub-cc (which writes UKI entries with the efi
    /// key).</summary>
    public static readonly IReadOnlyList<HostConfig> AllConfigurations =
        [new("grub", false), new("grub", true), new("systemd", false), new("systemd", true), new("grub-cc", true)];

    public static TheoryData<string, bool> Configurations()
    {
        var data = new TheoryData<string, bool>();
        foreach (var config in AllConfigurations) data.Add(config.Bootloader, config.Uki);
        return data;
    }

    /// <summary>
    /// Every verb on every configuration for the full sweep; in the suite, every verb on one configuration that
    /// rotates with the seed (so five consecutive seeds cover every pair).
    /// </summary>
    public static TheoryData<string, bool, string> Cases()
    {
        var sampling = SweepSampling.FromEnvironment();
        // BOOTCPLUG_SWEEP_CONFIGS=grub+bls,… limits a full sweep to some configurations (the script runs them side by
        // side).
        var only = Environment.GetEnvironmentVariable("BOOTCPLUG_SWEEP_CONFIGS")?.Split(',',
            StringSplitOptions.RemoveEmptyEntries);
        // BOOTCPLUG_SWEEP_VERBS=delete-both,… limits it to some verbs (SweptVerb names).
        var verbs = Environment.GetEnvironmentVariable("BOOTCPLUG_SWEEP_VERBS")?.Split(',',
            StringSplitOptions.RemoveEmptyEntries);
        var data = new TheoryData<string, bool, string>();
        for (int v = 0; v < SweptVerb.All.Count; v++)
            for (int c = 0; c < AllConfigurations.Count; c++)
                if ((sampling.Full || (sampling.Seed + v) % AllConfigurations.Count == c)
                    && (only is null || only.Contains(AllConfigurations[c].ToString()))
                    && (verbs is null || verbs.Contains(SweptVerb.All[v].Name)))
                    data.Add(AllConfigurations[c].Bootloader, AllConfigurations[c].Uki, SweptVerb.All[v].Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases), DisableDiscoveryEnumeration = true)]
    public void Killed_anywhere_then_run_again_and_gc_equals_the_uninterrupted_run(string bootloader, bool uki,
        string verb)
    {
        var config = new HostConfig(bootloader, uki);
        var sampling = SweepSampling.FromEnvironment();
        int caseNumber = AllConfigurations.ToList().IndexOf(config) * SweptVerb.All.Count + SweptVerb.All.ToList()
            .FindIndex(v => v.Name == verb);
        var clock = Stopwatch.StartNew();
        var result = CrashSweep.Run(templates.For(config), SweptVerb.Named(verb), sampling, caseNumber);
        Report(config, verb, result, clock.Elapsed, sampling);
        Assert.True(result.Tried > 0, "no fault point tried");
        Assert.True(result.Failures.Count == 0,
            $"seed {sampling.Seed}: {result.Failures.Count} of {result.Tried} did not converge:\n" + string.Join("\n",
                result.Failures));
    }

    /// <summary>BOOTCPLUG_SWEEP_REPORT=FILE: one line per case for the sweep script's summary.</summary>
    private static void Report(HostConfig config, string verb, CrashSweep.Result result, TimeSpan elapsed,
        SweepSampling sampling)
    {
        if (Environment.GetEnvironmentVariable("BOOTCPLUG_SWEEP_REPORT") is not { Length: > 0 } path) return;
        lock (typeof(FaultInjectionTests))
            File.AppendAllText(path,
                $"{config} {verb} points={result.Points} tried={result.Tried} converged={result.Converged} " +
                    $"seconds={elapsed.TotalSeconds:0} full={sampling.Full}\n");
    }

    private static void Kill(TestHost host, string point, params string[] args)
    {
        var killed = host.CliWithEnvironment(
            new Dictionary<string, string> { [ProcessFaultPoints.EnvironmentVariable] = point }, args);
        Assert.True(killed.ExitCode == 137, $"expected a kill at {point}: exit {killed.ExitCode}: {killed.Stderr}");
    }

    /// <summary>
    /// The finalize's swap (the exchange of the entry dirs, or the rename over user.cfg) and the step right after it:
    /// the two sides of the window where a leftover sweep used to delete the only copy of the staged set.
    /// </summary>
    private static string[] SwapPoints(TestHost host)
    {
        if (host.Config is { Bootloader: "grub", Uki: true })
        {
            string grub = Path.Combine(host.Paths.BootDir, "grub2");
            return ["io:rename:" + Path.Combine(grub, "user.cfg"), "io:fsync-dir:" + grub];
        }
        string loader = Path.Combine(host.Config.Bootloader == "grub" ? host.Paths.BootDir : host.Paths.Esp, "loader");
        return ["io:exchange:" + Path.Combine(loader, "entries"), "io:fsync-dir:" + loader];
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Finalize_killed_at_its_swap_keeps_the_staged_deployment_and_the_next_finalize_makes_it_live(
        string bootloader, bool uki)
    {
        var template = templates.For(new HostConfig(bootloader, uki));
        foreach (bool afterSwap in new[] { false, true })
        {
            using var host = template.Host.Copy();
            string point = SwapPoints(host)[afterSwap ? 1 : 0];
            Kill(host, point, "finalize-staged");
            var before = DiskSnapshot.Take(host.Root);
            var status = HostStatusBuilder.Build(host.Inventory()).Document.Status;
            host.Gc(dryRun: true);
            DiskSnapshot.AssertUnchanged(before, host.Root);
            // Before the swap the staged deployment is still staged; after it, it boots next. Never lost.
            Assert.Equal(afterSwap ? null : template.V3, status.Staged?.Composefs?.Verity.Value);
            Assert.Equal(afterSwap ? template.V3 : template.V2, host.Live[0].Deployment.Value);
            host.Gc();
            host.AssertNoLeftovers($"killed at {point}, then gc");
            Assert.Contains(template.V3, host.Images);
            Assert.Equal(0, host.Cli("finalize-staged").ExitCode);
            Assert.Equal(template.V3, host.Live[0].Deployment.Value);
            Assert.Empty(host.Staged);
            host.AssertWhole(template.V3, $"killed at {point}, then finalize again");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Deploy_killed_after_its_staged_entries_is_finished_by_deploying_the_same_tree_again(string bootloader,
        bool uki)
    {
        var template = templates.For(new HostConfig(bootloader, uki));
        string[] deploy = ["deploy", "--rootfs", template.V4Tree, "--image-ref", SweepTemplate.V4.ImageRef];
        using var host = template.Host.Copy();
        Kill(host, "deploy.entries-staged", deploy);
        string v4 = host.Staged[0].Deployment.Value;
        var report = HostStatusBuilder.Build(host.Inventory());
        Assert.Null(report.Document.Status.Staged);   // no marker: not a staged update…
        Assert.Contains(report.Warnings,
            w => w.Contains($"name deployment {v4}") && w.Contains("deploying the same tree again finishes it"));
        host.Gc();
        Assert.Contains(v4, host.Images);             // …but its entries keep it alive.
        var again = host.Cli(deploy);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(v4, again.Stdout.Split('\n')[0]);
        Assert.Equal(v4, host.Live[0].Deployment.Value);
        Assert.Empty(host.Staged);
        host.AssertWhole(v4, "deploy run again");
        var third = host.Cli(deploy);
        Assert.Equal(1, third.ExitCode);
        Assert.Contains($"Deployment {v4} already exists", third.Stderr);
    }

    [Fact]
    public void Killing_the_real_process_in_the_middle_of_a_delete_then_gc_converges()
    {
        var template = templates.For(new HostConfig("grub", false));
        using var host = template.Host.Copy();
        var killed = host.CliWithEnvironment(
            new Dictionary<string, string> { [ProcessFaultPoints.EnvironmentVariable] = "gc.state-dir-renamed" },
            "delete-deployment", template.V1);
        Assert.Equal(137, killed.ExitCode);   // 128 + SIGKILL
        Assert.Contains("fault injected at gc.state-dir-renamed", killed.Stderr);
        Assert.DoesNotContain(host.Live, e => e.Deployment.Value == template.V1);
        Assert.Contains(host.StateDirs, d => d.StartsWith(".bootcplug-tmp-gc-", StringComparison.Ordinal));

        var gc = host.Cli("gc");
        Assert.Equal(0, gc.ExitCode);
        Assert.DoesNotContain(host.StateDirs, d => d.StartsWith('.'));
        host.AssertConverges(template.V2, "after a real kill");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void A_delete_of_two_killed_after_the_first_is_finished_by_the_same_command(string bootloader, bool uki)
    {
        var template = templates.For(new HostConfig(bootloader, uki));
        using var host = template.Host.Copy();
        string[] delete = ["delete-deployment", template.V1, template.V3];
        Kill(host, "delete.live-entries-removed", delete);   // v1's entries are gone, v3 is still staged
        Assert.DoesNotContain(host.Live, e => e.Deployment.Value == template.V1);
        Assert.Contains(host.Staged, e => e.Deployment.Value == template.V3);

        var again = host.Cli(delete);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"Deployment {template.V1} has no boot entries left (already unlinked)", again.Stdout);
        Assert.Empty(host.Staged);
        Assert.Equal([template.V2], host.StateDirs);
        Assert.Equal([template.V2], host.Images);
        host.AssertNoLeftovers("delete of two, killed, then run again");
        host.AssertBootable(template.V2, "delete of two, killed, then run again");
    }

    [Fact]
    public void Deleting_an_id_that_names_nothing_still_fails()
    {
        var template = templates.For(new HostConfig("grub", false));
        using var host = template.Host.Copy();
        var before = DiskSnapshot.Take(host.Root, "run/bootcplug.lock");
        var result = host.Cli("delete-deployment", new string('0', 12));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not found", result.Stderr);
        DiskSnapshot.AssertUnchanged(before, host.Root, "run/bootcplug.lock");
    }
}
