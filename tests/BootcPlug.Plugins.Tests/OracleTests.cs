using System.Text;
using System.Text.Json;
using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats.Bls;
using BootcPlug.Bootloaders.Formats.Grub;
using BootcPlug.Plugins.Grub;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Plugins.Tests.Support;
using BootcPlug.Plugins.Uki;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

/// <summary>The bundled backends against independent tools: bootctl, grub-script-check.</summary>
public class OracleTests
{
    private static int s_next;

    /// <summary>A Type1 entry that our backend lists (it carries composefs=) with the given ordering fields.</summary>
    private static void Entry(TempDir dir, string file, string? sortKey, string? machineId, string? version)
    {
        var verity = $"{Interlocked.Increment(ref s_next):x4}{new string('0', 60)}";
        var text = new StringBuilder($"title {file}\n");
        if (version is not null) text.Append($"version {version}\n");
        text.Append($"linux /EFI/Linux/bootc_composefs-{verity}/vmlinuz\noptions composefs={verity}\n");
        if (machineId is not null) text.Append($"machine-id {machineId}\n");
        if (sortKey is not null) text.Append($"sort-key {sortKey}\n");
        dir.Write($"boot/efi/loader/entries/{file}", text.ToString());
    }

    public static TheoryData<string> Esps()
        => ["mixed", "versions", "no-sort-keys", "counted", "written", "written-uki", "written-counted"];

    [SkippableTheory]
    [MemberData(nameof(Esps))]
    public void Systemd_boot_menu_order_equals_bootctl_list(string esp)
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var backend = new SystemdBootBootloader();
        switch (esp)
        {
            case "mixed":
                Entry(dir, "ak-1.conf", "aaa", null, "1");
                Entry(dir, "ak-m2.conf", "aaa", "ffffffffffffffffffffffffffffffff", "5");
                Entry(dir, "ak-m1.conf", "aaa", "00000000000000000000000000000001", "3");
                Entry(dir, "zk-9.conf", "zzz", null, "9");
                Entry(dir, "zk-10.conf", "zzz", null, "10");
                Entry(dir, "nosort.conf", null, null, "3");
                Entry(dir, "bootc_fedora-42.0-1.conf", "bootc-fedora-0", null, "42.0");
                Entry(dir, "bootc_fedora-41.0-0.conf", "bootc-fedora-1", null, "41.0");
                break;
            case "versions":
                Entry(dir, "final.conf", "os", null, "1.0");
                Entry(dir, "rc.conf", "os", null, "1.0~rc1");
                Entry(dir, "two-nine.conf", "os", null, "2.9");
                Entry(dir, "two-ten.conf", "os", null, "2.10");
                Entry(dir, "patch.conf", "os", null, "1.0^git3");
                Entry(dir, "release.conf", "os", null, "1.0-2");
                Entry(dir, "point.conf", "os", null, "1.0.1");
                Entry(dir, "mid.conf", "os", "0123456789abcdef0123456789abcdef", "0.1");
                break;
            case "no-sort-keys":
                Entry(dir, "fedora-2.10.conf", null, null, "2.10");
                Entry(dir, "fedora-2.9.conf", null, null, "2.9");
                Entry(dir, "fedora-1.0_rc1.conf", null, null, "1.0~rc1");
                // an invalid name: bootctl skips it, we report it
                Entry(dir, "fedora-1.0~rc2.conf", null, null, "1.0~rc2");
                Entry(dir, "fedora-1.0.conf", null, null, "1.0");
                Entry(dir, "debian.conf", null, "ffffffffffffffffffffffffffffffff", "12");
                break;
            case "counted":
                Entry(dir, "a+3-1.conf", "k", null, "1");
                Entry(dir, "b+0-3.conf", "a", null, "9");
                Entry(dir, "c.conf", "k", null, "2");
                break;
            case "written":
                Deploy(backend, context, Type1Template(VerityA, "2.9"), Type1Template(VerityB, "2.10"),
                    Type1Template(VerityC, "1.0~rc1"));
                var live = backend.ListEntries(context).Live;
                backend.Reorder(context, [live[1], live[0]]);
                break;
            case "written-counted":
                // deploy --boot-tries 3 twice, keeping three entries; the loader then fails the newest (+0-3) and
                // counts one try of the next: a rollback onto the failed one gives it its tries back.
                Deploy(backend, context, Type1Template(VerityA, "41"));
                backend.WriteStagedKeeping(context, Type1Template(VerityB, "42") with { BootTries = 3 },
                    backend.ListEntries(context).Live);
                Assert.True(backend.FinalizeStaged(context));
                backend.WriteStagedKeeping(context, Type1Template(VerityC, "43") with { BootTries = 3 },
                    backend.ListEntries(context).Live);
                Assert.True(backend.FinalizeStaged(context));
                string entries = Path.Combine(context.EspDir, "loader", "entries");
                var names = backend.ListEntries(context).Live.Select(e => e.Id).ToList();
                Assert.EndsWith("+3.conf", names[0], StringComparison.Ordinal);
                Assert.EndsWith("+3.conf", names[1], StringComparison.Ordinal);
                File.Move(Path.Combine(entries, names[0]), Path.Combine(entries, names[0].Replace("+3.", "+0-3.")));
                File.Move(Path.Combine(entries, names[1]), Path.Combine(entries, names[1].Replace("+3.", "+2-1.")));
                var counted = backend.ListEntries(context).Live;
                Assert.Equal([VerityB, VerityA, VerityC], counted.Select(e => e.Deployment.Value));
                Assert.Equal([2, (int?)null, 0], counted.Select(e => e.TriesLeft));
                backend.Reorder(context, [counted[2], counted[0], counted[1]]);
                var reordered = backend.ListEntries(context).Live;
                Assert.Equal([VerityC, VerityB, VerityA], reordered.Select(e => e.Deployment.Value));
                Assert.Equal([3, 2, (int?)null], reordered.Select(e => e.TriesLeft));
                Assert.Equal([null, 1, (int?)null], reordered.Select(e => e.TriesDone));
                break;
            case "written-uki":
                Deploy(backend, context, UkiTemplate(VerityA, "41"), UkiTemplate(VerityB, "42"));
                backend.WriteStaged(context, UkiTemplate(VerityC, "43"), backend.ListEntries(context).Live[0]);
                Assert.True(backend.FinalizeStaged(context));
                break;
        }
        var ours = backend.ListEntries(context);
        Assert.Equal(esp == "no-sort-keys" ? ["fedora-1.0~rc2.conf"] : [],
            ours.Problems.Select(p => Path.GetFileName(p.FilePath)));
        Assert.True(ours.Live.Count >= 2);

        var (exit, stdout, stderr) = Bootctl.List(context.EspDir);
        Assert.True(exit == 0, $"bootctl failed: {stderr}");
        var theirs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(theirs.Select(e => e.GetProperty("id").GetString()),
            ours.Live.Select(e => BlsFileName.Parse(e.Id).Id));
        int? Tries(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : null;
        Assert.Equal(theirs.Select(e => (Tries(e, "triesLeft"), Tries(e, "triesDone"))),
            ours.Live.Select(e => (e.TriesLeft, e.TriesDone)));
        if (!esp.StartsWith("written", StringComparison.Ordinal)) return;

        // What we wrote reads back the same in bootctl: title, version, sort-key, and options or the UKI path.
        string? Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;
        foreach (var (entry, json) in ours.Live.Zip(theirs))
        {
            Assert.Equal(entry.Title, Field(json, "title"));
            Assert.Equal(entry.Version, Field(json, "version"));
            Assert.Equal(entry.SortKey, Field(json, "sortKey"));
            Assert.Equal(entry.Options, Field(json, "options"));
            if (entry.BootType == BootArtifactType.Uki)
                Assert.Equal($"/EFI/Linux/bootc/bootc_composefs-{entry.Deployment.Value}.efi", Field(json, "efi"));
            else
                Assert.Equal($"/EFI/Linux/bootc_composefs-{entry.BootArtifactName}/vmlinuz", Field(json, "linux"));
        }
    }

    [SkippableFact]
    public void Every_user_cfg_the_grub_backend_writes_passes_grub_script_check()
    {
        var check = Oracle.Require("grub-script-check");
        using var dir = new TempDir();
        var context = Context(dir, "grub");
        var backend = new GrubBootloader();
        var written = new List<string>();
        void Capture()
        {
            foreach (var name in new[] { "user.cfg", "user.cfg.staged" })
                if (File.Exists(dir[$"sysroot/boot/grub2/{name}"])) written.Add(
                    File.ReadAllText(dir[$"sysroot/boot/grub2/{name}"]));
        }

        var awkward = UkiTemplate(VerityC) with { Title = "Fedora \"Rawhide\" $HOME {braces} back\\slash `tick` it's" };
        backend.WriteStaged(context, UkiTemplate(VerityA), null); Capture();
        backend.FinalizeStaged(context); Capture();
        backend.WriteStaged(context, UkiTemplate(VerityB), backend.ListEntries(context).Live[0]); Capture();
        backend.FinalizeStaged(context); Capture();
        backend.WriteStaged(context, awkward, backend.ListEntries(context).Live[0]); Capture();
        backend.Reorder(context, backend.ListEntries(context).Live.Reverse().ToList()); Capture();
        backend.FinalizeStaged(context); Capture();
        backend.RemoveEntries(context, DeploymentId.Parse(VerityB), BootEntrySet.Live); Capture();
        backend.RemoveEntries(context, DeploymentId.Parse(VerityC), BootEntrySet.Live); Capture();
        Assert.Equal(awkward.Title + $": ({VerityC})", GrubUserConfig.Parse(written[^3], "user.cfg").Entries[0].Title);

        Assert.True(written.Count >= 9);
        for (int i = 0; i < written.Count; i++)
        {
            var file = dir[$"check-{i}.cfg"];
            File.WriteAllText(file, written[i]);
            var (exit, _, stderr) = Oracle.Run(check, file);
            Assert.True(exit == 0, $"grub-script-check rejected write {i}:\n{written[i]}\n{stderr}");
        }

        // The oracle does reject what it should: a menuentry with an unbalanced brace.
        File.WriteAllText(dir["bad.cfg"], "menuentry \"x\" {\nchainloader /x.efi\n");
        Assert.NotEqual(0, Oracle.Run(check, dir["bad.cfg"]).ExitCode);
    }

    [SkippableFact]
    public void Uki_title_version_and_cmdline_match_what_bootctl_reads()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var source = dir["src.efi"];
        File.WriteAllBytes(source,
            TinyPe.Uki("ID=fedora\nNAME=Fedora\nPRETTY_NAME=\"Fedora Linux 42 (Adams)\"\nVERSION_ID=42.20250101.0\n",
                $"root=UUID=abcd composefs={VerityA} rw\n"));
        var artifact = new UkiBackend()
            .InstallArtifact(context,
                new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(VerityA)) { Uki = source });
        // bootctl only reads the top level of EFI/Linux: show it a copy there.
        File.Copy(artifact.Path, dir["boot/efi/EFI/Linux/copy.efi"]);
        var (exit, stdout, stderr) = Bootctl.List(context.EspDir);
        Assert.True(exit == 0, stderr);
        var theirs = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single()).RootElement;
        Assert.Equal(theirs.GetProperty("title").GetString(), artifact.Title);
        Assert.Equal(theirs.GetProperty("version").GetString(), artifact.Version);
        Assert.Equal(theirs.GetProperty("options").GetString(), artifact.CommandLine);
    }
}
