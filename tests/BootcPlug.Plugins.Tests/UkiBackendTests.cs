using BootcPlug.Bootloaders;
using BootcPlug.Plugins.Uki;
using BootcPlug.Testing;
using static BootcPlug.Plugins.Tests.Support.Hosts;

namespace BootcPlug.Plugins.Tests;

public class UkiBackendTests
{
    private readonly UkiBackend _backend = new();

    [Fact]
    public void Installs_lists_describes_and_deletes_ukis_with_their_addons()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        Assert.Empty(_backend.ListArtifacts(context).Artifacts);
        var uki = dir["src/x.efi"];
        Directory.CreateDirectory(dir["src"]);
        File.WriteAllBytes(uki, TinyPe.Uki("ID=fedora\nNAME=Fedora\nVERSION_ID=42\n", $"composefs={VerityA} rw\n"));
        var addon = dir.Write("src/debug.addon.efi", "addon");

        var installed = _backend.InstallArtifact(context,
            new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(VerityA)) { Uki = uki, Addons = [addon] });
        Assert.Equal(dir[$"boot/efi/EFI/Linux/bootc/bootc_composefs-{VerityA}.efi"], installed.Path);
        Assert.Equal(installed.Path + ".extra.d", installed.AddonDir);
        Assert.True(File.Exists(Path.Combine(installed.AddonDir!, "debug.addon.efi")));

        var listed = Assert.Single(_backend.ListArtifacts(context).Artifacts);
        Assert.Equal(("Fedora", "42", "fedora", $"composefs={VerityA} rw"),
            (listed.Title, listed.Version, listed.OsId, listed.CommandLine));

        Directory.CreateDirectory(dir["boot/efi/loader/addons"]);
        _backend.DeleteArtifact(context, listed);
        Assert.Empty(_backend.ListArtifacts(context).Artifacts);
        Assert.False(Directory.Exists(installed.AddonDir));
        Assert.True(Directory.Exists(dir["boot/efi/loader/addons"]));
    }

    [Fact]
    public void A_truncated_uki_is_listed_with_a_problem_and_never_installed()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        var bytes = TinyPe.Uki("ID=x\n", "composefs=y\n");
        Directory.CreateDirectory(dir["boot/efi/EFI/Linux/bootc"]);
        var truncated = dir["boot/efi/EFI/Linux/bootc/bootc_composefs-broken.efi"];
        File.WriteAllBytes(truncated, bytes[..0x100]);
        var listing = _backend.ListArtifacts(context);
        Assert.Equal("broken", Assert.Single(listing.Artifacts).Name);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(truncated, problem.FilePath);
        Assert.Contains("truncated PE", problem.Message);

        Assert.Throws<BootFormatException>(
            () => _backend.InstallArtifact(context,
                new BootArtifactSource(BootArtifactType.Uki, DeploymentId.Parse(VerityB)) { Uki = truncated }));
        Assert.False(File.Exists(dir["boot/efi/EFI/Linux/bootc/bootc_composefs-copy.efi"]));
    }

    [Fact]
    public void An_addon_dir_left_without_its_uki_is_not_listed_and_the_next_writer_removes_it()
    {
        using var dir = new TempDir();
        var context = Context(dir);
        dir.Write("boot/efi/EFI/Linux/bootc/bootc_composefs-gone.efi.extra.d/a.addon.efi", "x");
        Assert.Empty(_backend.ListArtifacts(context).Artifacts);
        Assert.True(Directory.Exists(dir["boot/efi/EFI/Linux/bootc/bootc_composefs-gone.efi.extra.d"]),
            "listing must not delete");
        _backend.Recover(context);
        Assert.False(Directory.Exists(dir["boot/efi/EFI/Linux/bootc/bootc_composefs-gone.efi.extra.d"]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir["boot/efi/EFI/Linux/bootc"]));
    }

    [Fact]
    public void Menus_are_not_its_business_it_stores_ukis_and_recovers()
    {
        Assert.Equal(BootArtifactType.Uki, _backend.Type);
        Assert.Equal([typeof(IBootArtifactStore), typeof(IBootRecovery)],
            typeof(UkiBackend).GetInterfaces().OrderBy(i => i.Name, StringComparer.Ordinal));
    }
}
