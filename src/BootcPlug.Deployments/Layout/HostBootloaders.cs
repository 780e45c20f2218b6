using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Layout;

/// <summary>The host's bootloader (its wire name and the backend that owns the menu) and the artifact backends.</summary>
public sealed class HostBootloaders
{
    private readonly IReadOnlyList<IBootloader> _all;

    private HostBootloaders(BootContext context, string name, string reason, IBootloader menu,
        IReadOnlyList<IBootloader> all, PlatformServices platform)
    {
        Context = context;
        Platform = platform;
        Name = name;
        Reason = reason;
        Menu = menu;
        _all = all;
    }

    public BootContext Context { get; }

    /// <summary>
    /// The process's platform services, which the plugins reach through <see cref="BootContext.Services"/>: the host
    /// operations write through the same durable file operations and report to the same fault points.
    /// </summary>
    public PlatformServices Platform { get; }

    /// <summary>grub, systemd or grub-cc: what status reports as `bootloader`.</summary>
    public string Name { get; }

    /// <summary>Why this bootloader was chosen (the override, the LoaderInfo variable, its absence).</summary>
    public string Reason { get; }

    /// <summary>The backend that owns the boot menu.</summary>
    public IBootloader Menu { get; }

    /// <summary>Every backend that manages artifacts on this host: the menu's kernel dirs and, when present, the UKIs.</summary>
    public IEnumerable<IBootloader> ArtifactBackends => _all.Where(b => b.Features.HasFlag(BootloaderFeatures.Artifacts)
        && (ReferenceEquals(b, Menu) || (b.BootloaderNames.Count == 0 && b.Detect(Context).Detected)));

    /// <summary>The backend that installs artifacts of one type: the menu's own for Type1, an artifact-only backend for UKIs.</summary>
    public IBootloader InstallerFor(BootArtifactType type) => type == BootArtifactType.Bls
        ? Menu
        : _all.FirstOrDefault(b => b.Features.HasFlag(BootloaderFeatures.Artifacts) && b.BootloaderNames.Count == 0)
          ?? throw new InvalidOperationException("no loaded plugin installs unified kernel images (the uki plugin is missing)");

    public static HostBootloaders Select(HostPaths paths, IEnumerable<IBootloader> loaded, string? requested,
        PlatformServices? platform = null)
    {
        platform ??= PlatformServices.Default;
        var context = new BootContext(paths.Root, paths.BootDir, paths.Esp)
        {
            EfiVarsDir = paths.EfiVars,
            Bootloader = requested,
            Services = platform,
        };
        var (name, reason) = Detection.Bootloader(context);
        var all = loaded.ToList();
        var menu = all.FirstOrDefault(b => b.Features.HasFlag(BootloaderFeatures.Entries) && b.BootloaderNames.Contains(name))
            ?? throw new InvalidOperationException($"no loaded plugin manages the '{name}' bootloader ({reason}); see 'bootcplug plugins list'");
        return new HostBootloaders(context, name, reason, menu, all, platform);
    }
}
