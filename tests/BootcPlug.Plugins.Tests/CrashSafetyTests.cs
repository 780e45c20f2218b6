using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Plugins.Grub;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Plugins.Tests.Support;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

/// <summary>
/// Interrupts each change at every step (a hook throws where the process could die) and checks that the next reader
/// finds, for each set, either the old or the new files, complete, and no leftovers.
/// </summary>
public class CrashSafetyTests
{
    private sealed class SimulatedCrash : Exception;

    private sealed record Scenario(string Name, Func<IBootloader> Backend, Action<IBootloader, BootContext> Setup, Action<IBootloader, BootContext> Change, string LiveSet, string StagedSet);

    private const string BlsLive = "boot/efi/loader/entries", BlsStaged = "boot/efi/loader/entries.staged";
    private const string GrubLive = "sysroot/boot/grub2/user.cfg", GrubStaged = "sysroot/boot/grub2/user.cfg.staged";

    private static void TwoLive(IBootloader b, BootContext c, bool uki) =>
        Deploy(b, c, uki ? UkiTemplate(VerityA) : Type1Template(VerityA), uki ? UkiTemplate(VerityB) : Type1Template(VerityB, "43"));

    private static void TwoLiveAndStaged(IBootloader b, BootContext c, bool uki)
    {
        TwoLive(b, c, uki);
        b.WriteStaged(c, uki ? UkiTemplate(VerityC) : Type1Template(VerityC, "44"), b.ListEntries(c).Live[0]);
    }

    private static IEnumerable<Scenario> Scenarios()
    {
        foreach (var (uki, live, staged, backend, name) in new[]
        {
            (false, BlsLive, BlsStaged, (Func<IBootloader>)(() => new SystemdBootBootloader()), "systemd-boot"),
            (true, GrubLive, GrubStaged, (Func<IBootloader>)(() => new GrubBootloader()), "grub+uki"),
        })
        {
            yield return new($"{name} stage", backend, (b, c) => TwoLive(b, c, uki),
                (b, c) => b.WriteStaged(c, uki ? UkiTemplate(VerityC) : Type1Template(VerityC, "44"), b.ListEntries(c).Live[0]), live, staged);
            yield return new($"{name} restage", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.WriteStaged(c, uki ? UkiTemplate("ddd") : Type1Template(new string('d', 128), "45"), b.ListEntries(c).Live[0]), live, staged);
            yield return new($"{name} finalize", backend, (b, c) => TwoLiveAndStaged(b, c, uki), (b, c) => b.FinalizeStaged(c), live, staged);
            yield return new($"{name} rollback", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.Reorder(c, b.ListEntries(c).Live.Reverse().ToList()), live, staged);
            yield return new($"{name} remove", backend, (b, c) => TwoLiveAndStaged(b, c, uki), (b, c) => b.RemoveEntries(c, VerityA, BootEntrySet.Live), live, staged);
            yield return new($"{name} drop staged", backend, (b, c) => TwoLiveAndStaged(b, c, uki), (b, c) => b.RemoveEntries(c, VerityC, BootEntrySet.Staged), live, staged);
        }
    }

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var scenario in Scenarios())
        {
            data.Add(scenario.Name, false);
            data.Add(scenario.Name, true);
        }
        return data;
    }

    private static SortedDictionary<string, string> State(TempDir dir, string relative) =>
        File.Exists(dir[relative]) ? new() { ["file"] = File.ReadAllText(dir[relative]) } : Snapshot(dir[relative]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Interrupted_change_leaves_old_or_new_set(string name, bool refuseExchange)
    {
        var scenario = Scenarios().Single(s => s.Name == name);
        var backend = scenario.Backend();

        // A clean run gives the "after" state and the list of steps.
        var steps = new List<string>();
        SortedDictionary<string, string> beforeLive, beforeStaged, afterLive, afterStaged;
        using (var dir = new TempDir())
        {
            var context = Context(dir, backend is GrubBootloader ? "grub" : "systemd");
            scenario.Setup(backend, context);
            (beforeLive, beforeStaged) = (State(dir, scenario.LiveSet), State(dir, scenario.StagedSet));
            DurableIO.ForceExchangeFallback = refuseExchange;
            DurableIO.StepHook = steps.Add;
            try { scenario.Change(backend, context); }
            finally { DurableIO.StepHook = null; }
            (afterLive, afterStaged) = (State(dir, scenario.LiveSet), State(dir, scenario.StagedSet));
        }
        Assert.NotEmpty(steps);
        Assert.NotEqual((object)beforeLive.Count + string.Concat(beforeLive.Values) + string.Concat(beforeStaged.Values),
            afterLive.Count + string.Concat(afterLive.Values) + string.Concat(afterStaged.Values));

        for (int crashAt = 0; crashAt < steps.Count; crashAt++)
        {
            using var dir = new TempDir();
            var context = Context(dir, backend is GrubBootloader ? "grub" : "systemd");
            scenario.Setup(backend, context);
            int step = 0;
            DurableIO.StepHook = s => { if (step++ == crashAt) throw new SimulatedCrash(); };
            try
            {
                Assert.Throws<SimulatedCrash>(() => scenario.Change(backend, context));
            }
            finally
            {
                DurableIO.StepHook = null;
            }

            var listing = backend.ListEntries(context); // the next reader, which also recovers
            Assert.Empty(listing.Problems);
            var live = State(dir, scenario.LiveSet);
            var staged = State(dir, scenario.StagedSet);
            var where = $"crash before step {crashAt} ({steps[crashAt]})";
            Assert.True(Equal(live, beforeLive) || Equal(live, afterLive), $"{where}: live set is a mix: {string.Join(",", live.Keys)}");
            Assert.True(Equal(staged, beforeStaged) || Equal(staged, afterStaged) || (name.EndsWith("finalize") && staged.Count == 0), $"{where}: staged set is a mix: {string.Join(",", staged.Keys)}");
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir[scenario.LiveSet])!), p => Path.GetFileName(p).StartsWith(DurableIO.TempPrefix, StringComparison.Ordinal));
        }
        DurableIO.ForceExchangeFallback = false;
    }

    private static bool Equal(SortedDictionary<string, string> a, SortedDictionary<string, string> b) => a.SequenceEqual(b);

    [Fact]
    public void Fallback_swap_interrupted_between_its_renames_restores_the_old_set()
    {
        using var dir = new TempDir();
        var live = dir.Write("loader/entries/a.conf", "old");
        var incoming = dir.Write("loader/new/a.conf", "new");
        DurableIO.ForceExchangeFallback = true;
        DurableIO.StepHook = s => { if (s.StartsWith("rename:", StringComparison.Ordinal)) throw new SimulatedCrash(); };
        try
        {
            Assert.Throws<SimulatedCrash>(() => DurableIO.ReplaceDirectory(dir["loader/entries"], dir["loader/new"]));
        }
        finally
        {
            DurableIO.StepHook = null;
            DurableIO.ForceExchangeFallback = false;
        }
        Assert.False(Directory.Exists(dir["loader/entries"]));
        DurableIO.RecoverDirectory(dir["loader/entries"]);
        Assert.Equal("old", File.ReadAllText(live));
    }
}

/// <summary>Installing or deleting an artifact interrupted at any step: listed complete, or not listed (or, for a UKI, only its addon dir, which GC finishes).</summary>
public class ArtifactCrashSafetyTests
{
    private sealed class SimulatedCrash : Exception;

    public static TheoryData<string> Operations() => ["install-kernel", "delete-kernel", "install-uki", "delete-uki"];

    private static void Run(string operation, TempDir dir, BootContext context)
    {
        var systemd = new SystemdBootBootloader();
        var uki = new Uki.UkiBackend();
        switch (operation)
        {
            case "install-kernel":
                systemd.InstallArtifact(context, new BootArtifactSource(BootArtifactType.Bls, VerityB) { Kernel = dir["src/vmlinuz"], Initrd = dir["src/initrd"] });
                break;
            case "delete-kernel":
                systemd.DeleteArtifact(context, systemd.ListArtifacts(context).Artifacts.Single(a => a.Name == VerityA));
                break;
            case "install-uki":
                uki.InstallArtifact(context, new BootArtifactSource(BootArtifactType.Uki, VerityB) { Uki = dir["src/x.efi"], Addons = [dir["src/a.addon.efi"]] });
                break;
            case "delete-uki":
                uki.DeleteArtifact(context, uki.ListArtifacts(context).Artifacts.Single(a => a.Name == VerityA));
                break;
        }
    }

    private static BootContext Setup(TempDir dir)
    {
        var context = Context(dir, "systemd");
        dir.Write("src/vmlinuz", "kernel");
        dir.Write("src/initrd", "initrd");
        dir.Write("src/a.addon.efi", "addon");
        File.WriteAllBytes(dir["src/x.efi"], TinyPe.Uki("ID=fedora\n", "composefs=x\n"));
        new SystemdBootBootloader().InstallArtifact(context, new BootArtifactSource(BootArtifactType.Bls, VerityA) { Kernel = dir["src/vmlinuz"], Initrd = dir["src/initrd"] });
        new Uki.UkiBackend().InstallArtifact(context, new BootArtifactSource(BootArtifactType.Uki, VerityA) { Uki = dir["src/x.efi"], Addons = [dir["src/a.addon.efi"]] });
        return context;
    }

    private static List<string> Describe(BootContext context)
    {
        var listed = new SystemdBootBootloader().ListArtifacts(context).Artifacts.Concat(new Uki.UkiBackend().ListArtifacts(context).Artifacts);
        return listed.Select(a =>
            a.Type == BootArtifactType.Bls
                ? $"kernel {a.Name} {File.ReadAllText(Path.Combine(a.Path, "vmlinuz"))} {File.ReadAllText(Path.Combine(a.Path, "initrd"))}"
                : File.Exists(a.Path) ? $"uki {a.Name} {new FileInfo(a.Path).Length} addons:{a.AddonDir is not null}" : $"addons-only {a.Name}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Interrupted_artifact_change_leaves_it_whole_or_absent(string operation)
    {
        var steps = new List<string>();
        List<string> before, after;
        using (var dir = new TempDir())
        {
            var context = Setup(dir);
            before = Describe(context);
            DurableIO.StepHook = steps.Add;
            try { Run(operation, dir, context); }
            finally { DurableIO.StepHook = null; }
            after = Describe(context);
        }
        Assert.NotEqual(before, after);
        Assert.NotEmpty(steps);

        for (int crashAt = 0; crashAt < steps.Count; crashAt++)
        {
            using var dir = new TempDir();
            var context = Setup(dir);
            int step = 0;
            DurableIO.StepHook = s => { if (step++ == crashAt) throw new SimulatedCrash(); };
            try { Assert.Throws<SimulatedCrash>(() => Run(operation, dir, context)); }
            finally { DurableIO.StepHook = null; }
            var now = Describe(context);
            bool addonsOnly = now.Except(before).Except(after).All(d => d.StartsWith("addons-only", StringComparison.Ordinal));
            Assert.True(now.SequenceEqual(before) || now.SequenceEqual(after) || addonsOnly,
                $"crash before step {crashAt} ({steps[crashAt]}): {string.Join(" | ", now)}");
        }
    }
}
