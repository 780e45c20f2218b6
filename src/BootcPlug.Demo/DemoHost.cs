using System.Text;
using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Deployments;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Operations.Deploy;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Demo;

/// <summary>The deployments the demo laid out.</summary>
public sealed record DemoResult(string Rollback, string Booted, string Staged, bool Uki);

/// <summary>
/// `demo DIR`: a complete host under DIR, made with `deploy` from trees it builds: version 1 (now the rollback),
/// version 2 (booted, sharing version 1's kernel) and version 3 (staged, with a new kernel).
/// </summary>
public static class DemoHost
{
    private static readonly DemoRelease[] Releases = [new(1, "6.1.0-demo"), new(2, "6.1.0-demo"), new(3, "6.2.0-demo")];

    /// <summary>
    /// Creates the empty layout: the folders and, for systemd-boot and grub-cc, the EFI LoaderInfo variable.
    /// </summary>
    public static HostPaths Prepare(string dir, string bootloader)
    {
        string root = Path.GetFullPath(dir);
        if (File.Exists(root))
            throw new UsageException($"{root}: exists and is not a folder; the demo needs a new or empty folder");
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new UsageException($"{root}: exists and is not empty; the demo needs a new or empty folder");
        var paths = new HostPaths(root);
        foreach (string folder in new[]
        {
            paths.BootDir, paths.Esp, paths.StateDeploy, paths.SharedVar, Path.GetDirectoryName(paths.ProcCmdline)!,
            paths.RunComposefs,
        })
            Directory.CreateDirectory(folder);
        string? loaderInfo = bootloader switch
        {
            "systemd" => "systemd-boot 252.39-1~deb12u2",
            "grub-cc" => "GRUB CC 2.12",
            _ => null,
        };
        if (loaderInfo is not null)
        {
            Directory.CreateDirectory(paths.EfiVars);
            // efivarfs: a 4-byte attribute word, then the UTF-16LE value with its terminating NUL.
            byte[] value = [.. new byte[] { 7, 0, 0, 0 }, .. Encoding.Unicode.GetBytes(loaderInfo + "\0")];
            File.WriteAllBytes(Path.Combine(paths.EfiVars, LoaderInfo.VariableName), value);
        }
        return paths;
    }

    /// <summary>
    /// The demo's images stay in the V2 layout and its entries enforce fs-verity (a host whose filesystem has it),
    /// whatever the machine running it can do: the status documents pinned for it name both.
    /// </summary>
    private const ErofsFormatVersion DemoImageFormat = ErofsFormatVersion.V2;

    public static DemoResult Build(HostPaths paths, HostBootloaders bootloaders, bool uki, ILogger logger)
    {
        string work = Path.Combine(paths.Root, ".demo-trees");
        try
        {
            var deployer = new Deployer(paths, bootloaders, logger);
            var ids = new List<string>();
            for (int i = 0; i < Releases.Length; i++)
            {
                string tree = Path.Combine(work, $"v{Releases[i].Version}");
                Write(paths, Releases[i], tree, uki);
                bool stage = i == Releases.Length - 1;
                var result = deployer.Deploy(new DeployRequest(tree, stage, [], Releases[i].ImageRef,
                    new DateTimeOffset(2026, 1, Releases[i].Version, 12, 0, 0, TimeSpan.Zero), DemoImageFormat,
                    AllowMissingVerity: false));
                ids.Add(result.Id.Value);
                if (!stage) BootInto(paths, bootloaders, result.Id.Value);
            }
            return new DemoResult(ids[0], ids[1], ids[2], uki);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static void Write(HostPaths paths, DemoRelease release, string tree, bool uki)
    {
        release.Write(tree, uki);
        if (!uki) return;
        // A UKI names its image on its command line, and the image leaves /boot out: compute the id, then add the UKI.
        using var repository = Deployer.OpenOrInitRepository(paths);
        string verity = RootfsImage.Commit(repository, tree, DemoImageFormat);
        release.AddUki(tree, $"rw {new ComposefsKarg(verity, false)}");
    }

    /// <summary>Simulates booting the default entry: /proc/cmdline gets its command line.</summary>
    private static void BootInto(HostPaths paths, HostBootloaders bootloaders, string verity)
    {
        var entry = bootloaders.Menu.ListEntries(bootloaders.Context).Live.First(e => e.Deployment.Value == verity);
        string cmdline = entry.BootType == BootArtifactType.Bls && entry.Options is not null
            ? entry.Options
            : $"rw {new ComposefsKarg(verity, false)}";
        File.WriteAllText(paths.ProcCmdline, cmdline + "\n");
    }
}
