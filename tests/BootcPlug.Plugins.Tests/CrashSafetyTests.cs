using BootcPlug.Bootloaders;
using BootcPlug.Platform;
using BootcPlug.Plugins.Grub;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

/// <summary>
/// Interrupts each change at every step (fault points throw where the process could die), then checks the reader and
/// the writer that come next: listing changes nothing on disk and reports the old or the new sets, never a mix; the
/// next writer's recovery leaves on disk exactly what that listing reported, with no temporary leftovers.
/// </summary>
public class CrashSafetyTests
{
    private sealed class SimulatedCrash : Exception;

    private sealed record Scenario(string Name, Func<IBootMenu> Backend, Action<IBootMenu, BootContext> Setup,
        Action<IBootMenu, BootContext> Change, string LiveSet, string StagedSet);

    private const string BlsLive = "boot/efi/loader/entries", BlsStaged = "boot/efi/loader/entries.staged";
    private const string GrubLive = "sysroot/boot/grub2/user.cfg", GrubStaged = "sysroot/boot/grub2/user.cfg.staged";

    private static void TwoLive(IBootMenu b, BootContext c, bool uki) =>
        Deploy(b, c, uki ? UkiTemplate(VerityA) : Type1Template(VerityA),
            uki ? UkiTemplate(VerityB) : Type1Template(VerityB, "43"));

    private static void TwoLiveAndStaged(IBootMenu b, BootContext c, bool uki)
    {
        TwoLive(b, c, uki);
        b.WriteStaged(c, uki ? UkiTemplate(VerityC) : Type1Template(VerityC, "44"), b.ListEntries(c).Live[0]);
    }

    private static IEnumerable<Scenario> Scenarios()
    {
        foreach (var (uki, live, staged, backend, name) in new[]
        {
            (false, BlsLive, BlsStaged, (Func<IBootMenu>)(() => new SystemdBootBootloader()), "systemd-boot"),
            (true, GrubLive, GrubStaged, (Func<IBootMenu>)(() => new GrubBootloader()), "grub+uki"),
        })
        {
            yield return new($"{name} stage", backend, (b, c) => TwoLive(b, c, uki),
                (b, c) => b.WriteStaged(c, uki ? UkiTemplate(VerityC) : Type1Template(VerityC, "44"),
                    b.ListEntries(c).Live[0]), live, staged);
            yield return new($"{name} restage", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.WriteStaged(c,
                    uki ? UkiTemplate(new string('d', 128)) : Type1Template(new string('d', 128), "45"),
                    b.ListEntries(c).Live[0]), live, staged);
            yield return new($"{name} finalize", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.FinalizeStaged(c), live, staged);
            yield return new($"{name} rollback", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.Reorder(c, b.ListEntries(c).Live.Reverse().ToList()), live, staged);
            yield return new($"{name} remove", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.RemoveEntries(c, DeploymentId.Parse(VerityA), BootEntrySet.Live), live, staged);
            yield return new($"{name} drop staged", backend, (b, c) => TwoLiveAndStaged(b, c, uki),
                (b, c) => b.RemoveEntries(c, DeploymentId.Parse(VerityC), BootEntrySet.Staged), live, staged);
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

    /// <summary>What a listing says: each set's entries in menu order.</summary>
    private static string Listed(BootEntryListing listing) =>
        string.Join(" ", listing.Live.Select(e => $"live:{e.Deployment.Value}:{e.Id}")) + " | " + string.Join(" ",
            listing.Staged.Select(e => $"staged:{e.Deployment.Value}:{e.Id}"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Interrupted_change_leaves_old_or_new_set(string name, bool refuseExchange)
    {
        var scenario = Scenarios().Single(s => s.Name == name);
        var backend = scenario.Backend();
        // The plugins reach the host's durable file operations through the context: these report to the test.
        var faults = new ScriptedFaults();
        BootContext ContextIn(TempDir dir) => Context(dir, backend is GrubBootloader ? "grub" : "systemd")
            with { Services = new PlatformServices(faults, refuseExchange) };
        // A clean run gives the "after" state and the list of steps.
        var steps = new List<string>();
        (SortedDictionary<string, string> Live, SortedDictionary<string, string> Staged, string Listed) before, after;
        using (var dir = new TempDir())
        {
            var context = ContextIn(dir);
            scenario.Setup(backend, context);
            before = (State(dir, scenario.LiveSet), State(dir, scenario.StagedSet),
                Listed(backend.ListEntries(context)));
            faults.OnStep = steps.Add;
            try { scenario.Change(backend, context); }
            finally { faults.OnStep = null; }
            after = (State(dir, scenario.LiveSet), State(dir, scenario.StagedSet),
                Listed(backend.ListEntries(context)));
        }
        Assert.NotEmpty(steps);
        Assert.NotEqual(before.Listed, after.Listed);

        for (int crashAt = 0; crashAt < steps.Count; crashAt++)
        {
            using var dir = new TempDir();
            var context = ContextIn(dir);
            scenario.Setup(backend, context);
            faults.OnStep = ScriptedFaults.CrashingAt(crashAt, () => new SimulatedCrash()).OnStep;
            try
            {
                Assert.Throws<SimulatedCrash>(() => scenario.Change(backend, context));
            }
            finally
            {
                faults.OnStep = null;
            }
            var where = $"crash before step {crashAt} ({steps[crashAt]})";

            // The next reader changes nothing and sees the old or the new sets, whole.
            var disk = Snapshot(dir.Path);
            var listing = backend.ListEntries(context);
            Assert.True(Snapshot(dir.Path).SequenceEqual(disk), $"{where}: listing changed the disk");
            Assert.Empty(listing.Problems);
            string seen = Listed(listing);
            Assert.True(seen == before.Listed || seen == after.Listed, $"{where}: the reader sees a mix: {seen}");

            // The next writer recovers to exactly that, and leaves nothing behind.
            ((IBootRecovery)backend).Recover(context);
            Assert.Equal(seen, Listed(backend.ListEntries(context)));
            var live = State(dir, scenario.LiveSet);
            var staged = State(dir, scenario.StagedSet);
            bool old = Equal(live, before.Live) && Equal(staged, before.Staged);
            bool @new = Equal(live, after.Live) && Equal(staged, after.Staged);
            Assert.True(seen == before.Listed ? old : @new,
                $"{where}: after recovery the sets are not the {(seen == before.Listed ? "old" : "new")} ones: live " +
                    $"{string.Join(",", live.Keys)}; staged {string.Join(",", staged.Keys)}");
            Assert.DoesNotContain(
                Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir[scenario.LiveSet])!, "*",
                    SearchOption.AllDirectories),
                p => Path.GetFileName(p).StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal)
                    || Path.GetFileName(p) == BootcPlug.Bootloaders.Formats.Bls.BlsEntryStore.FinalizeTag);
        }
    }

    private static bool Equal(SortedDictionary<string, string> a, SortedDictionary<string, string> b)
        => a.SequenceEqual(b);
}

/// <summary>
/// Installing or deleting an artifact interrupted at any step: the next reader lists the old or the new artifacts,
/// each whole (an artifact that is listed has all its files, with their content); the next writer's recovery changes
/// nothing that listing shows and leaves no temporary names.
/// </summary>
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
                systemd.InstallArtifact(context,
                    new BootArtifactSource(BootArtifactType.Bls,
                        DeploymentId.Parse(VerityB)) { Kernel = dir["src/vmlinuz"], Initrd = dir["src/initrd"] });
                break;
            case "delete-kernel":
                systemd.DeleteArtifact(context,
                    systemd.ListArtifacts(context).Artifacts.Single(a => a.Name == VerityA));
                break;
            case "install-uki":
                uki.InstallArtifact(context,
                    new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(VerityB)) { Uki = dir["src/x.efi"],
                        Addons = [dir["src/a.addon.efi"]] });
                break;
            case "delete-uki":
                uki.DeleteArtifact(context, uki.ListArtifacts(context).Artifacts.Single(a => a.Name == VerityA));
                break;
        }
    }

    private static BootContext Setup(TempDir dir, IFaultPoints faults)
    {
        var context = Context(dir, "systemd") with { Services = new PlatformServices(faults) };
        dir.Write("src/vmlinuz", "kernel");
        dir.Write("src/initrd", "initrd");
        dir.Write("src/a.addon.efi", "addon");
        File.WriteAllBytes(dir["src/x.efi"], TinyPe.Uki("ID=fedora\n", "composefs=x\n"));
        new SystemdBootBootloader()
            .InstallArtifact(context,
                new BootArtifactSource(BootArtifactType.Bls, DeploymentId.Parse(VerityA)) { Kernel = dir["src/vmlinuz"],
                    Initrd = dir["src/initrd"] });
        new Uki.UkiBackend()
            .InstallArtifact(context,
                new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(VerityA)) { Uki = dir["src/x.efi"],
                    Addons = [dir["src/a.addon.efi"]] });
        return context;
    }

    /// <summary>Every listed artifact with all of its content: a partial one cannot look like a whole one.</summary>
    private static List<string> Describe(BootContext context)
    {
        var listed = new SystemdBootBootloader()
            .ListArtifacts(context).Artifacts.Concat(new Uki.UkiBackend().ListArtifacts(context).Artifacts);
        return listed.Select(a =>
            a.Type == BootArtifactType.Bls
                ? $"kernel {a.Name} {File.ReadAllText(Path.Combine(a.Path, "vmlinuz"))} " +
                    $"{File.ReadAllText(Path.Combine(a.Path, "initrd"))}"
                : $"uki {a.Name} " +
                    $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(a.Path)))} " +
                        "addons:"
                  + (a.AddonDir is null ? "none"
                      : string.Join(",",
                          Directory.GetFiles(a.AddonDir).Order(StringComparer.Ordinal)
                          .Select(f => Path.GetFileName(f) + "=" + File.ReadAllText(f)))))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Interrupted_artifact_change_leaves_it_whole_or_absent(string operation)
    {
        var steps = new List<string>();
        var faults = new ScriptedFaults();
        List<string> before, after;
        using (var dir = new TempDir())
        {
            var context = Setup(dir, faults);
            before = Describe(context);
            faults.OnStep = steps.Add;
            try { Run(operation, dir, context); }
            finally { faults.OnStep = null; }
            after = Describe(context);
        }
        Assert.NotEqual(before, after);
        Assert.NotEmpty(steps);

        for (int crashAt = 0; crashAt < steps.Count; crashAt++)
        {
            using var dir = new TempDir();
            var context = Setup(dir, faults);
            faults.OnStep = ScriptedFaults.CrashingAt(crashAt, () => new SimulatedCrash()).OnStep;
            try { Assert.Throws<SimulatedCrash>(() => Run(operation, dir, context)); }
            finally { faults.OnStep = null; }
            var where = $"crash before step {crashAt} ({steps[crashAt]})";

            var disk = Snapshot(dir.Path);
            var now = Describe(context);
            Assert.True(Snapshot(dir.Path).SequenceEqual(disk), $"{where}: listing changed the disk");
            Assert.True(now.SequenceEqual(before) || now.SequenceEqual(after), $"{where}: {string.Join(" | ", now)}");

            new SystemdBootBootloader().Recover(context);
            new Uki.UkiBackend().Recover(context);
            Assert.Equal(now, Describe(context));
            Assert.DoesNotContain(
                Directory.EnumerateFileSystemEntries(dir["boot/efi"], "*", SearchOption.AllDirectories),
                p => Path.GetFileName(p).StartsWith(DurableFiles.TempPrefix, StringComparison.Ordinal)
                  || (p.EndsWith(".efi.extra.d", StringComparison.Ordinal) && !File.Exists(p[..^".extra.d".Length])));
        }
    }
}
