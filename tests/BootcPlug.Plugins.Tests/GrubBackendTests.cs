using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats.Grub;
using BootcPlug.Plugins.Grub;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

public class GrubBackendTests
{
    private readonly GrubBootloader _backend = new();

    [Fact]
    public void Bls_entries_live_under_the_boot_dir_with_boot_prefixed_kernels_in_file_name_order()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Assert.True(_backend.Detect(context).Detected);
        Deploy(_backend, context, Type1Template(VerityA, "42.1"), Type1Template(VerityB, "42.1"));
        var live = _backend.ListEntries(context).Live;
        Assert.Equal([VerityB, VerityA], live.Select(e => e.Deployment.Value));
        Assert.Equal(["bootc_fedora-42.1-1.conf", "bootc_fedora-42.1-0.conf"], live.Select(e => e.Id));
        Assert.Contains($"linux /boot/bootc_composefs-{VerityB}/vmlinuz\n", File.ReadAllText(live[0].SourcePath));
        Assert.StartsWith(dir["sysroot/boot/loader/entries/"], live[0].SourcePath);

        var separate = context with { BootIsSeparatePartition = true };
        _backend.WriteStaged(separate, Type1Template(VerityC, "43"), live[0]);
        Assert.Contains($"linux /bootc_composefs-{VerityC}/vmlinuz\n",
            File.ReadAllText(_backend.ListEntries(separate).Staged[0].SourcePath));
    }

    [Fact]
    public void Downgrade_stays_first_in_grub_despite_an_older_version()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Deploy(_backend, context, Type1Template(VerityA, "42.0"), Type1Template(VerityB, "41.0"));
        Assert.Equal([VerityB, VerityA], _backend.ListEntries(context).Live.Select(e => e.Deployment.Value));
    }

    [Fact]
    public void Shared_kernel_dir_gives_the_artifact_name_of_its_first_owner()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        var template = Type1Template(VerityB) with { BootArtifactName = VerityA };
        _backend.WriteStaged(context, template, null);
        var entry = _backend.ListEntries(context).Staged.Single();
        Assert.Equal((VerityB, VerityA), (entry.Deployment.Value, entry.BootArtifactName));
    }

    [Fact]
    public void Uki_hosts_use_user_cfg_with_the_efiuuid_header_and_only_the_first_live_entry_as_secondary()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Deploy(_backend, context, UkiTemplate(VerityA), UkiTemplate(VerityB));
        var userCfg = dir["sysroot/boot/grub2/user.cfg"];
        var config = GrubUserConfig.Parse(File.ReadAllText(userCfg), userCfg);
        Assert.Equal(GrubUserConfig.EfiUuidHeader, config.Header);
        Assert.Equal([$"Fedora Linux 42.20250101.0: ({VerityB})", $"Fedora Linux 42.20250101.0: ({VerityA})"],
            config.Entries.Select(e => e.Title));

        _backend.WriteStaged(context, UkiTemplate(VerityC), _backend.ListEntries(context).Live[0]);
        var listing = _backend.ListEntries(context);
        Assert.Equal([VerityB, VerityA], listing.Live.Select(e => e.Deployment.Value));
        Assert.Equal([VerityC, VerityB], listing.Staged.Select(e => e.Deployment.Value));
        Assert.All(listing.All, e => Assert.Equal(BootArtifactType.Uki, e.BootType));
        Assert.Throws<ArgumentException>(() => _backend.WriteStaged(context, Type1Template(VerityC), null));

        Assert.True(_backend.FinalizeStaged(context));
        Assert.Equal([VerityC, VerityB], _backend.ListEntries(context).Live.Select(e => e.Deployment.Value));
        Assert.False(File.Exists(dir["sysroot/boot/grub2/user.cfg.staged"]));
        Assert.Empty(Directory.GetFiles(dir["sysroot/boot/grub2"], ".*"));
    }

    [Fact]
    public void Uki_menu_rollback_with_three_entries_and_removal_keep_the_staged_menu()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Deploy(_backend, context, UkiTemplate(VerityA), UkiTemplate(VerityB));
        var userCfg = dir["sysroot/boot/grub2/user.cfg"];
        var config = GrubUserConfig.Parse(File.ReadAllText(userCfg), userCfg);
        string verityD = new('d', 128);
        var third = GrubMenuEntry.ChainloadUki($"Third: ({verityD})",
            $"/EFI/Linux/bootc/bootc_composefs-{verityD}.efi");
        File.WriteAllText(userCfg, (config with { Entries = [.. config.Entries, third] }).Serialize());
        _backend.WriteStaged(context, UkiTemplate(VerityC), _backend.ListEntries(context).Live[0]);

        var live = _backend.ListEntries(context).Live;
        _backend.Reorder(context, [live[1], live[2], live[0]]);
        Assert.Equal([VerityA, verityD, VerityB], _backend.ListEntries(context).Live.Select(e => e.Deployment.Value));

        Assert.Equal(1, _backend.RemoveEntries(context, DeploymentId.Parse(verityD), BootEntrySet.Live));
        var listing = _backend.ListEntries(context);
        Assert.Equal([VerityA, VerityB], listing.Live.Select(e => e.Deployment.Value));
        Assert.Equal([VerityC, VerityB], listing.Staged.Select(e => e.Deployment.Value));
        Assert.Equal(1, _backend.RemoveEntries(context, DeploymentId.Parse(VerityC), BootEntrySet.Staged));
        Assert.False(File.Exists(dir["sysroot/boot/grub2/user.cfg.staged"]));
    }

    [Fact]
    public void Kernel_dirs_live_in_the_boot_dir_and_deletion_refuses_foreign_paths()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        var kernel = dir.Write("src/vmlinuz", "k");
        var initrd = dir.Write("src/initrd", "i");
        var artifact = _backend.InstallArtifact(context,
            new BootArtifactSource(BootArtifactType.Bls, DeploymentId.Parse(VerityA)) { Kernel = kernel,
                Initrd = initrd });
        Assert.Equal(dir[$"sysroot/boot/bootc_composefs-{VerityA}"], artifact.Path);

        var victim = dir.Write("precious/file", "keep me");
        Assert.Throws<ArgumentException>(
            () => _backend.DeleteArtifact(context, artifact with { Path = dir["precious"] }));
        Assert.Throws<ArgumentException>(
            () => _backend.DeleteArtifact(context, artifact with { Name = "../../precious" }));
        Assert.True(File.Exists(victim));
        _backend.DeleteArtifact(context, artifact);
        Assert.False(Directory.Exists(artifact.Path));
    }
}

public class GrubMenuEdgeTests
{
    [Fact]
    public void Reordering_a_menu_with_two_identical_titles_is_refused_naming_the_line()
    {
        using var dir = new TempDir();
        var context = Context(dir, "grub");
        var cfg = dir.Write("sysroot/boot/grub2/user.cfg",
            $"menuentry \"same\" {{\nchainloader /EFI/Linux/bootc/bootc_composefs-{VerityA}.efi\n}}\n"
            + $"menuentry \"same\" {{\nchainloader /EFI/Linux/bootc/bootc_composefs-{VerityB}.efi\n}}\n");
        var backend = new GrubBootloader();
        var live = backend.ListEntries(context).Live;
        Assert.Equal([VerityA, VerityB], live.Select(e => e.Deployment.Value));
        var before = File.ReadAllText(cfg);
        var e = Assert.Throws<BootFormatException>(() => backend.Reorder(context, live.Reverse().ToList()));
        Assert.Equal((cfg, (int?)4), (e.FilePath, e.Line));
        Assert.Equal(before, File.ReadAllText(cfg));
    }
}
