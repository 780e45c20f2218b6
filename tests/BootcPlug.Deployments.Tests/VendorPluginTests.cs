using System.Text.Json;
using BootcPlug.Cli.Schemas;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Demo;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Operations.Deploy;
using BootcPlug.Models;
using BootcPlug.Plugins;
using BootcPlug.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootcPlug.Deployments.Tests;

/// <summary>
/// A host whose boot menu only a vendor's plugin can read (acme-boot, what <c>dotnet new bootcplug-plugin</c> makes:
/// templates/bootcplug-plugin; menu files under ESP/acme-boot, no LoaderInfo variable, so the bundled detectors would
/// pick grub): chosen with --bootloader acme-boot, it drives status,
/// delete-deployment and gc through the real CLI, its menu files being the GC roots.
/// </summary>
public sealed class VendorPluginTests : IDisposable
{
    private static readonly DocumentValidator Validator =
        DocumentValidator.FromText(ShippedSchemas.Read("host-v1")!, "host-v1");
    private static readonly DemoRelease[] Releases = [new(1, "6.1.0-demo"), new(2, "6.1.0-demo"), new(3, "6.2.0-demo")];

    /// <summary>The bootloader acme-boot's plugin.json declares (the template names it after the plugin).</summary>
    private const string Acme = "acme-boot";

    private readonly string _root = Path.Combine(Directory.CreateTempSubdirectory("bootcplug-acme-").FullName, "host");
    private readonly HostPaths _paths;

    public VendorPluginTests() => _paths = DemoHost.Prepare(_root, Acme);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);

    private static string VendorPlugins => Path.Combine(AppContext.BaseDirectory, "testplugins");

    private CliResult Cli(params string[] args) =>
        CliRunner.Run([.. args, "--root", _root, "--plugins", VendorPlugins, "--bootloader", Acme]);

    /// <summary>v1 (rollback), v2 (booted), v3 (staged), deployed with the repository's deploy path through acme's
    /// menu.</summary>
    private string[] DeployThree()
    {
        using var plugins = PluginHost.Discover([PluginHost.DefaultDirectory, VendorPlugins]);
        var bootloaders = BootcPlug.Cli.Hosting.HostPlugins.Choose(plugins, _paths, Acme);
        Assert.Equal((Acme, "none"), (bootloaders.Name, bootloaders.StatusName));
        var ids = new List<string>();
        foreach (var release in Releases)
        {
            string tree = Path.Combine(Path.GetDirectoryName(_root)!, "trees", $"v{release.Version}");
            release.Write(tree, uki: true);
            using (var repository = Deployer.OpenOrInitRepository(_paths))
                release.AddUki(tree, $"rw composefs={RootfsImage.Commit(repository, tree)}");
            bool stage = release.Version == 3;
            var created = new DateTimeOffset(2026, 1, release.Version, 12, 0, 0, TimeSpan.Zero);
            var request = new DeployRequest(tree, stage, [], release.ImageRef, created, AllowMissingVerity: false);
            ids.Add(new Deployer(_paths, bootloaders, NullLogger.Instance).Deploy(request).Id.Value);
            if (!stage) File.WriteAllText(_paths.ProcCmdline, $"rw composefs={ids[^1]}\n");
        }
        return [.. ids];
    }

    private Host Status()
    {
        var result = Cli("status", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        var errors = Validator.Validate(document.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return JsonSerializer.Deserialize(result.Stdout, HostV1JsonContext.Default.Host)!;
    }

    private static (string? Booted, string? Rollback, string? Staged) Ids(Host status) =>
        (status.Status.Booted?.Composefs?.Verity.Value, status.Status.Rollback?.Composefs?.Verity.Value,
            status.Status.Staged?.Composefs?.Verity.Value);

    private string ObjectOf(string relative, DemoRelease release)
    {
        string tree = Path.Combine(Directory.CreateTempSubdirectory("bootcplug-tree-").FullName, "t");
        try
        {
            release.Write(tree, uki: true);
            var id = FsVerityDigester.ComputeFile(FsVerityAlgorithm.Sha512, Path.Combine(tree, relative));
            return Path.Combine(_paths.Repository, "objects", id.ToObjectPathName());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(tree)!, recursive: true);
        }
    }

    private IEnumerable<string> Names(string folder) =>
        Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order()! : [];

    [Fact]
    public void Status_delete_and_gc_run_through_a_vendor_menu_chosen_with_bootloader()
    {
        var (v1, v2, v3) = DeployThree() switch { var ids => (ids[0], ids[1], ids[2]) };
        string liveMenu = Path.Combine(_paths.Esp, Acme, "menu");
        string stagedMenu = Path.Combine(_paths.Esp, Acme, "menu.staged");
        Assert.Equal([$"{v2} uki {v2}", $"{v1} uki {v1}"],
            File.ReadAllLines(liveMenu).Select(l => string.Join(' ', l.Split(' ').Take(3))));
        Assert.Equal([v3, v2], File.ReadAllLines(stagedMenu).Select(l => l.Split(' ')[0]));

        // status: the vendor bootloader is not in upstream's enum, so the document says none (and stays schema-valid).
        var status = Status();
        Assert.Equal((v2, v1, v3), Ids(status));
        foreach (var entry in new[] { status.Status.Booted!, status.Status.Rollback!, status.Status.Staged! })
            Assert.Equal((Bootloader.None, BootType.Uki), (entry.Composefs!.Bootloader, entry.Composefs.BootType));
        var booted = JsonDocument.Parse(Cli("status", "--json").Stdout).RootElement.GetProperty("status")
            .GetProperty("booted");
        Assert.Equal("none", booted.GetProperty("composefs").GetProperty("bootloader").GetString());

        // delete-deployment v1, then gc: v1's entry, state dir, image, UKI and own objects go; v2 and v3 stay whole.
        string v1Only = ObjectOf("usr/share/demo/release-1.txt", Releases[0]);
        string v2Only = ObjectOf("usr/share/demo/release-2.txt", Releases[1]);
        string v3Only = ObjectOf("usr/share/demo/release-3.txt", Releases[2]);
        string shared = ObjectOf("usr/share/demo/shared.txt", Releases[0]);
        Assert.All(new[] { v1Only, v2Only, v3Only, shared }, path => Assert.True(File.Exists(path), path));
        var delete = Cli("delete-deployment", v1);
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        var gc = Cli("gc");
        Assert.True(gc.ExitCode == 0, gc.Stderr);

        Assert.Equal([v2], File.ReadAllLines(liveMenu).Select(l => l.Split(' ')[0]));
        Assert.Equal([v3, v2], File.ReadAllLines(stagedMenu).Select(l => l.Split(' ')[0]));
        Assert.Equal(new[] { v2, v3 }.Order(), Names(_paths.StateDeploy));
        var images = Names(Path.Combine(_paths.Repository, "images")).Where(n => n != "refs");
        Assert.Equal(new[] { v2, v3 }.Order(), images);
        Assert.Equal(new[] { v2, v3 }.Select(v => $"bootc_composefs-{v}.efi").Order(),
            Names(Path.Combine(_paths.Esp, "EFI", "Linux", "bootc")));
        Assert.False(File.Exists(v1Only));
        Assert.All(new[] { v2Only, v3Only, shared }, path => Assert.True(File.Exists(path), path));

        var human = Cli("status", "--format", "humanreadable", "--verbose");
        Assert.True(human.ExitCode == 0, human.Stderr);
        Assert.Contains($" via {Acme}\n", human.Stdout);

        var after = Status();
        Assert.Equal((v2, null, v3), Ids(after));
    }

    [Fact]
    public void Bootloader_accepts_a_name_a_manifest_declares_and_refuses_others_listing_them()
    {
        var unknown = CliRunner.Run("status", "--root", _root, "--plugins", VendorPlugins, "--bootloader", "lilo");
        Assert.Equal((2, $"bootcplug: --bootloader: expected grub, systemd, grub-cc or {Acme}\n"),
            (unknown.ExitCode, unknown.Stderr));
        var withoutVendor = CliRunner.Run("status", "--root", _root, "--bootloader", Acme);
        Assert.Equal((2, "bootcplug: --bootloader: expected grub, systemd or grub-cc\n"),
            (withoutVendor.ExitCode, withoutVendor.Stderr));
        var empty = Cli("status", "--json");
        Assert.True(empty.ExitCode == 0, empty.Stderr);
    }
}
