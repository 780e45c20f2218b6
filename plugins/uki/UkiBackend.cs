using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Bootloaders.Formats.IO;
using BootcPlug.Bootloaders.Formats.Pe;
using BootcPlug.Platform;

namespace BootcPlug.Plugins.Uki;

/// <summary>
/// Unified kernel images: <c>ESP/EFI/Linux/bootc/bootc_composefs-&lt;name&gt;.efi</c> and their addon directories
/// <c>…efi.extra.d/</c>. Menus that boot them belong to grub or systemd-boot; this backend only lists, installs and
/// deletes the images, and reads their <c>.osrel</c> and <c>.cmdline</c> so menus can be titled.
/// </summary>
public sealed class UkiBackend : IBootArtifactStore, IBootRecovery
{
    /// <summary>The suffix of a UKI's addon directory.</summary>
    public const string AddonDirSuffix = ".efi.extra.d";

    /// <summary>The suffix of an addon file.</summary>
    public const string AddonFileSuffix = ".addon.efi";

    /// <inheritdoc />
    public BootArtifactType Type => BootArtifactType.Uki;

    private static string Folder(BootContext context) => Path.Combine(context.EspDir, "EFI", "Linux", "bootc");

    /// <inheritdoc />
    public BootArtifactListing ListArtifacts(BootContext context)
    {
        var folder = Folder(context);
        NoFollowPaths.EnsureDirectory(folder);
        var artifacts = new List<BootArtifact>();
        var problems = new List<BootProblem>();
        if (!Directory.Exists(folder)) return new BootArtifactListing(artifacts, problems);
        foreach (var path in Directory.EnumerateFiles(folder, BootloaderContract.ArtifactPrefix + "*")
            .Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            if (!file.EndsWith(".efi", StringComparison.Ordinal)) continue;
            var name = ArtifactNames.Strip(file[..^4]);
            if (ArtifactNames.Problem(path, name) is { } problem)
            {
                problems.Add(problem);
                continue;
            }
            var addons = path + ".extra.d";
            var artifact = new BootArtifact(BootArtifactType.Uki, name, path)
            {
                AddonDir = Directory.Exists(addons) && !PathGuard.IsSymlink(addons) ? addons : null,
            };
            try
            {
                artifact = Describe(artifact);
            }
            catch (BootFormatException e)
            {
                problems.Add(e.ToProblem());
            }
            artifacts.Add(artifact);
        }
        return new BootArtifactListing(artifacts, problems);
    }

    /// <summary>
    /// For writers only: removes temporary leftovers, and addon directories whose UKI is missing. The UKI is installed
    /// after its addons and deleted before them, so such a directory is an install or a delete that stopped halfway:
    /// nothing can boot with it, and listing already leaves it out.
    /// </summary>
    public void Recover(BootContext context)
    {
        var folder = Folder(context);
        var durable = context.DurableFiles();
        if (!Directory.Exists(folder)) return;
        durable.RemoveLeftovers(folder);
        foreach (var dir in Directory
            .EnumerateDirectories(folder, BootloaderContract.ArtifactPrefix + "*" + AddonDirSuffix)
            .Order(StringComparer.Ordinal))
        {
            var uki = dir[..^".extra.d".Length];
            if (File.Exists(uki) || PathGuard.IsSymlink(dir)
                || !ArtifactNames.IsValid(ArtifactNames.Strip(Path.GetFileName(uki)[..^4]))) continue;
            Directory.Delete(durable.MoveAside(dir, "deleted-addons"), recursive: true);
        }
    }

    /// <summary>Adds what the UKI's <c>.osrel</c> and <c>.cmdline</c> sections say.</summary>
    public static BootArtifact Describe(BootArtifact artifact)
    {
        var image = PeImage.Open(artifact.Path);
        var osrel = image.ReadSectionText(".osrel")
            ?? throw new BootFormatException(artifact.Path, null, "UKI has no .osrel section");
        var release = OsRelease.Parse(osrel);
        var cmdline = image.ReadSectionText(".cmdline")?.TrimEnd('\n', ' ');
        return artifact with
        {
            Title = release.Title, Version = release.Version, OsId = release.Id, CommandLine = cmdline,
        };
    }

    /// <inheritdoc />
    public BootArtifact InstallArtifact(BootContext context, BootArtifactSource source)
    {
        if (source.Type != BootArtifactType.Uki || source.Uki is null)
            throw new ArgumentException("A UKI artifact needs the .efi file.");
        var folder = Folder(context);
        var durable = context.DurableFiles();
        NoFollowPaths.EnsureDirectory(folder);
        var target = Path.Combine(folder, ArtifactNames.UkiFile(source.Name));
        var addonDir = target + ".extra.d";
        if (File.Exists(target) || Directory.Exists(target)) throw new IOException($"{target}: already exists");
        // Check the image before anything is copied: a file that is not a readable UKI is refused.
        PeImage.Open(source.Uki);
        Directory.CreateDirectory(folder);
        Recover(context);
        if (source.Addons.Count > 0)
        {
            if (Directory.Exists(addonDir)) throw new IOException($"{addonDir}: already exists");
            var temp = durable.CreateTempDirectory(folder, "addons");
            foreach (var addon in source.Addons)
            {
                var name = Path.GetFileName(addon);
                if (!name.EndsWith(AddonFileSuffix, StringComparison.Ordinal))
                    throw new ArgumentException($"{addon}: an addon's name must end in {AddonFileSuffix}.");
                durable.CopyNewFile(addon, Path.Combine(temp, name));
            }
            durable.SyncDirectory(temp);
            durable.SwapDirectory(addonDir, temp);
        }
        // The UKI itself comes last: an artifact is only listed once its image exists, complete.
        var tempUki = Path.Combine(folder,
            DurableFiles.TempPrefix + Guid.NewGuid().ToString("N")[..8] + "-" + Path.GetFileName(target));
        durable.CopyNewFile(source.Uki, tempUki);
        durable.ReplaceFile(target, tempUki);
        return Describe(new BootArtifact(BootArtifactType.Uki, source.Name, target)
        {
            AddonDir = source.Addons.Count > 0 ? addonDir : null,
        });
    }

    /// <inheritdoc />
    public void DeleteArtifact(BootContext context, BootArtifact artifact)
    {
        if (artifact.Type != BootArtifactType.Uki) throw new ArgumentException($"{artifact.Path}: not a UKI.");
        var folder = Folder(context);
        var durable = context.DurableFiles();
        NoFollowPaths.EnsureDirectory(folder);
        var expected = Path.Combine(folder, ArtifactNames.UkiFile(artifact.Name));
        if (Path.GetFullPath(artifact.Path) != Path.GetFullPath(expected))
            throw new ArgumentException(
                $"{artifact.Path}: refusing to delete, the UKI of '{artifact.Name}' is {expected}.");
        if (PathGuard.IsSymlink(expected))
            throw new IOException($"{expected}: is a symbolic link; refusing to delete through it");
        // The image goes first (the artifact disappears at once), then its per-UKI addons; global addons are never
        // touched.
        var addons = expected + ".extra.d";
        if (!File.Exists(expected)) throw new FileNotFoundException($"{expected}: no such UKI");
        File.Delete(durable.MoveAside(expected, "deleted-uki"));
        // Renamed first, so a crash never leaves a half-deleted addon set under the UKI's name.
        if (Directory.Exists(addons) && !PathGuard.IsSymlink(addons))
            Directory.Delete(durable.MoveAside(addons, "deleted-addons"), recursive: true);
    }
}
