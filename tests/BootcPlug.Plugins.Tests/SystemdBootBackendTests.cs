using BootcPlug.Bootloaders;
using BootcPlug.Plugins.SystemdBoot;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

public class SystemdBootBackendTests
{
    private readonly SystemdBootBootloader _backend = new();

    [Fact]
    public void Staging_writes_primary_and_booted_secondary_and_finalize_swaps_them_in()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        Deploy(_backend, context, Type1Template(VerityA, "41.0"));
        _backend.WriteStaged(context, Type1Template(VerityB, "42.0"), _backend.ListEntries(context).Live[0]);

        var staged = _backend.ListEntries(context);
        Assert.Equal([VerityA], staged.Live.Select(e => e.Deployment.Value));
        Assert.Equal([VerityB, VerityA], staged.Staged.Select(e => e.Deployment.Value));
        Assert.Equal([0, 1], staged.Staged.Select(e => e.MenuPosition));
        Assert.All(staged.All, e => Assert.Equal(BootArtifactType.Bls, e.BootType));
        Assert.Equal("timeout 5\n", File.ReadAllText(dir["boot/efi/loader/loader.conf"]));
        var text = File.ReadAllText(staged.Staged[0].SourcePath);
        Assert.Equal(
            $"title Fedora Linux 42.0\nversion 42.0\nlinux /EFI/Linux/bootc_composefs-{VerityB}/vmlinuz\ninitrd " +
                $"/EFI/Linux/bootc_composefs-{VerityB}/initrd\noptions root=UUID=6f0e rw " +
                    $"composefs={VerityB}\nsort-key bootc-fedora-0\n",
            text);

        Assert.True(_backend.FinalizeStaged(context));
        var after = _backend.ListEntries(context);
        Assert.Equal([VerityB, VerityA], after.Live.Select(e => e.Deployment.Value));
        Assert.Empty(after.Staged);
        Assert.Empty(after.Problems);
        Assert.False(Directory.Exists(dir["boot/efi/loader/entries.staged"]));
        Assert.False(_backend.FinalizeStaged(context));
    }

    [Fact]
    public void Uki_entries_use_the_uki_key_from_systemd_boot_258_and_efi_before_and_for_grub_cc()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        SetLoaderInfo(context, "systemd-boot 258.1");
        Assert.True(_backend.Detect(context).Detected);
        _backend.WriteStaged(context, UkiTemplate(VerityA), null);
        Assert.Contains($"uki /EFI/Linux/bootc/bootc_composefs-{VerityA}.efi\n",
            File.ReadAllText(_backend.ListEntries(context).Staged[0].SourcePath));

        SetLoaderInfo(context, "systemd-boot 257.9");
        _backend.WriteStaged(context, UkiTemplate(VerityB), null);
        var entry = _backend.ListEntries(context).Staged.Single();
        Assert.Equal((VerityB, VerityB, BootArtifactType.Uki),
            (entry.Deployment.Value, entry.BootArtifactName, entry.BootType));
        Assert.Contains("\nefi /EFI/Linux/bootc/", File.ReadAllText(entry.SourcePath));

        var grubCc = context with { Bootloader = "grub-cc" };
        SetLoaderInfo(context, "systemd-boot 300");
        _backend.WriteStaged(grubCc, UkiTemplate(VerityC), null);
        Assert.Contains("\nefi /EFI/Linux/bootc/",
            File.ReadAllText(_backend.ListEntries(context).Staged.Single().SourcePath));
    }

    [Fact]
    public void Rollback_reorders_any_number_of_entries_and_keeps_the_staged_set()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        Deploy(_backend, context, Type1Template(VerityA, "1.0"), Type1Template(VerityB, "2.0"));
        // A third live entry, as left by an older tool: the reorder must still handle it.
        var extra = new string('e', 64);
        dir.Write("boot/efi/loader/entries/other.conf",
            $"title Other\nversion 9\nlinux /EFI/Linux/bootc_composefs-{extra}/vmlinuz\noptions " +
                $"composefs={extra}\nsort-key bootc-fedora-2\n");
        _backend.WriteStaged(context, Type1Template(VerityC, "3.0"), _backend.ListEntries(context).Live[0]);

        var live = _backend.ListEntries(context).Live;
        Assert.Equal([VerityB, VerityA, extra], live.Select(e => e.Deployment.Value));
        _backend.Reorder(context, [live[2], live[1], live[0]]);

        var after = _backend.ListEntries(context);
        Assert.Equal([extra, VerityA, VerityB], after.Live.Select(e => e.Deployment.Value));
        Assert.Equal([VerityC, VerityB], after.Staged.Select(e => e.Deployment.Value));
        Assert.Throws<ArgumentException>(() => _backend.Reorder(context, [after.Live[0], after.Live[1]]));
    }

    [Fact]
    public void Removing_a_deployment_touches_one_set_and_removing_the_staged_primary_drops_the_staged_set()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        Deploy(_backend, context, Type1Template(VerityA), Type1Template(VerityB));
        _backend.WriteStaged(context, Type1Template(VerityC), _backend.ListEntries(context).Live[0]);

        Assert.Equal(1, _backend.RemoveEntries(context, DeploymentId.Parse(VerityA), BootEntrySet.Live));
        var listing = _backend.ListEntries(context);
        Assert.Equal([VerityB], listing.Live.Select(e => e.Deployment.Value));
        Assert.Equal([VerityC, VerityB], listing.Staged.Select(e => e.Deployment.Value));
        Assert.Equal(0, _backend.RemoveEntries(context, DeploymentId.Parse(VerityA), BootEntrySet.Live));

        Assert.Equal(1, _backend.RemoveEntries(context, DeploymentId.Parse(VerityC), BootEntrySet.Staged));
        Assert.Empty(_backend.ListEntries(context).Staged);
        Assert.False(Directory.Exists(dir["boot/efi/loader/entries.staged"]));
    }

    [Fact]
    public void Kernel_artifacts_are_installed_listed_and_deleted_in_the_esp()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var kernel = dir.Write("src/vmlinuz", "kernel");
        var initrd = dir.Write("src/initrd", "initrd");
        var installed = _backend.InstallArtifact(context,
            new BootArtifactSource(BootArtifactType.Bls, DeploymentId.Parse(VerityA)) { Kernel = kernel,
                Initrd = initrd });
        Assert.Equal(dir[$"boot/efi/EFI/Linux/bootc_composefs-{VerityA}"], installed.Path);
        Assert.Equal("kernel", File.ReadAllText(Path.Combine(installed.Path, "vmlinuz")));
        Assert.Throws<IOException>(
            () => _backend.InstallArtifact(context,
                new BootArtifactSource(BootArtifactType.Bls, DeploymentId.Parse(VerityA)) { Kernel = kernel,
                    Initrd = initrd }));
        Directory.CreateDirectory(dir["boot/efi/EFI/Linux/unrelated"]);

        var listed = Assert.Single(_backend.ListArtifacts(context).Artifacts);
        Assert.Equal(installed, listed);
        _backend.DeleteArtifact(context, listed);
        Assert.Empty(_backend.ListArtifacts(context).Artifacts);
        Assert.True(Directory.Exists(dir["boot/efi/EFI/Linux/unrelated"]));
    }

    [Fact]
    public void Detection_follows_loader_info_and_is_never_a_fallback()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Assert.Equal((null, DetectionStrength.None),
            (_backend.Detect(context).Bootloader, _backend.Detect(context).Strength));
        SetLoaderInfo(context, "GRUB CC 2.12");
        Assert.Equal(BootloaderDetection.Certain("grub-cc", "LoaderInfo is 'GRUB CC 2.12'"), _backend.Detect(context));
        SetLoaderInfo(context, "systemd-boot 257.4");
        Assert.Equal(BootloaderDetection.Certain("systemd", "LoaderInfo is 'systemd-boot 257.4'"),
            _backend.Detect(context));
        SetLoaderInfo(context, "GRUB 2.12");
        Assert.False(_backend.Detect(context).Detected);
    }

    [Fact]
    public void Grub_detection_is_certain_for_grub_and_the_fallback_when_nothing_names_a_known_loader()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        var grub = new BootcPlug.Plugins.Grub.GrubBootloader();
        Assert.Equal(BootloaderDetection.Fallback("grub", "no LoaderInfo EFI variable"), grub.Detect(context));
        SetLoaderInfo(context, "GRUB 2.12");
        Assert.Equal(BootloaderDetection.Certain("grub", "LoaderInfo is 'GRUB 2.12'"), grub.Detect(context));
        SetLoaderInfo(context, "Acme Boot 1.0");
        Assert.Equal(BootloaderDetection.Fallback("grub", "LoaderInfo is 'Acme Boot 1.0'"), grub.Detect(context));
        SetLoaderInfo(context, "GRUB CC 2.12");
        Assert.False(grub.Detect(context).Detected);
        SetLoaderInfo(context, "systemd-boot 257.4");
        Assert.False(grub.Detect(context).Detected);
    }

    [Fact]
    public void Malformed_entry_is_reported_and_blocks_changes_with_nothing_written()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        Deploy(_backend, context, Type1Template(VerityA));
        var bad = dir.Write("boot/efi/loader/entries/bad.conf",
            "title Bad\nlinux /EFI/Linux/bootc_composefs-x/vmlinuz\noptions composefs=x\n");
        var listing = _backend.ListEntries(context);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal((bad, (int?)null, "missing 'version'"), (problem.FilePath, problem.Line, problem.Message));
        Assert.Equal([VerityA], listing.Live.Select(e => e.Deployment.Value));

        var before = Snapshot(dir["boot/efi/loader"]);
        var e = Assert.Throws<BootcPlug.Bootloaders.BootFormatException>(() => _backend.Reorder(context, listing.Live));
        Assert.Equal(bad, e.FilePath);
        Assert.Equal(before, Snapshot(dir["boot/efi/loader"]));
    }
}

public class ForeignEntryTests
{
    [Fact]
    public void An_admins_own_entry_is_not_listed_and_survives_rewrites_unchanged()
    {
        using var dir = new TempDir();
        var context = Context(dir, "systemd");
        var backend = new SystemdBootBootloader();
        Deploy(backend, context, Type1Template(VerityA), Type1Template(VerityB));
        const string memtest = "title Memtest86+\nefi /EFI/memtest/memtest.efi\n";
        var path = dir.Write("boot/efi/loader/entries/memtest.conf", memtest);

        var listing = backend.ListEntries(context);
        Assert.Empty(listing.Problems);
        Assert.Equal([VerityB, VerityA], listing.Live.Select(e => e.Deployment.Value));
        backend.Reorder(context, listing.Live.Reverse().ToList());
        Assert.Equal(1, backend.RemoveEntries(context, DeploymentId.Parse(VerityB), BootEntrySet.Live));
        Assert.Equal([VerityA], backend.ListEntries(context).Live.Select(e => e.Deployment.Value));
        Assert.Equal(memtest, File.ReadAllText(path));
    }
}
