using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Deployments.Layout;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// Everything `deploy` can tell about a tree before it writes a byte: the tree is a folder, its boot files and
/// os-release are regular files (never a FIFO that would block the read), it boots in a way this host's
/// bootloader can add to its menu, and a plugin installs its kind of boot artifact. A refusal here leaves the host
/// as it was; the checks that need the image's digest (the UKI's composefs= value, an existing deployment) come
/// after the image is committed, and leave only unreferenced objects behind.
/// </summary>
public static class DeployPreflight
{
    /// <summary>
    /// Bootloaders whose menus hold Type1 entries and UKIs side by side (both read BLS Type1 and Type2 entries).
    /// </summary>
    private static readonly string[] MixesBootTypes = ["systemd", "grub-cc"];

    public static void Check(HostBootloaders bootloaders, DeployRequest request)
    {
        string rootfs = Path.GetFullPath(request.Rootfs);
        if (!Directory.Exists(rootfs))
            throw new UsageException(File.Exists(rootfs)
                ? $"{rootfs}: not a directory (--rootfs)"
                : $"{rootfs}: no such directory");
        CheckTree(bootloaders, rootfs, request.Kargs);
    }

    /// <summary>
    /// The checks on a tree's files, wherever the tree comes from: a directory given with --rootfs, or the files
    /// `deploy` reads, written out of a container image (<see cref="ImageDeployFiles"/>).
    /// </summary>
    public static void CheckTree(HostBootloaders bootloaders, string rootfs, IReadOnlyList<string> kargs)
    {
        var source = BootSource.Find(rootfs);
        foreach (string osRelease in new[] { "usr/lib/os-release", "etc/os-release" }
            .Select(p => Path.Combine(rootfs, p)))
        {
            if (File.Exists(osRelease) && new FileInfo(osRelease).LinkTarget is null)
                TreeFiles.RequireRegularFile(osRelease, "os-release");
        }
        if (source.Type == BootArtifactType.Uki)
        {
            if (kargs.Count > 0)
                throw new UsageException(
                    $"--karg: {source.Uki} carries its own command line; --karg applies to Type1 entries only");
            if (ComposefsKarg.Find(BootSource.OpenPe(source.Uki!).ReadSectionText(".cmdline")) is null)
                throw new OperationFailedException(
                    $"{source.Uki}: its .cmdline has no composefs= parameter, so it cannot boot a deployment");
        }
        CheckBootloaderTakes(bootloaders, source, rootfs);
    }

    private static void CheckBootloaderTakes(HostBootloaders bootloaders, BootSource source, string rootfs)
    {
        try
        {
            bootloaders.StoreFor(source.Type);
        }
        catch (InvalidOperationException ex)
        {
            throw new OperationFailedException($"{rootfs}: {ex.Message}");
        }
        if (MixesBootTypes.Contains(bootloaders.Name)) return;
        var listing = bootloaders.Menu.ListEntries(bootloaders.Context);
        if (listing.All.FirstOrDefault(e => e.BootType != source.Type) is { } other)
            throw new OperationFailedException(
                $"{rootfs}: a {Describe(source.Type)} tree cannot join this host's {bootloaders.Name} menu, "
                    + $"which boots {Describe(other.BootType)}s ({other.SourcePath}); "
                    + $"{bootloaders.Name} does not boot both side by side");
    }

    private static string Describe(BootArtifactType type) =>
        type == BootArtifactType.Uki ? "unified kernel image" : "Type1 kernel";
}
