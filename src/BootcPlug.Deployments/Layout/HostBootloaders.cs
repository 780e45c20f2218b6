using BootcPlug.Bootloaders;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Layout;

/// <summary>
/// The bootloader chosen for the host and the plugin roles that serve it: the boot menu, the artifact store of each
/// artifact type, and the crash recoveries. Built by whoever loaded the plugins (the CLI) from their selection.
/// </summary>
public sealed class HostBootloaders
{
    /// <summary>
    /// Wraps what the plugin host chose; <paramref name="context"/> gets the chosen name and the platform.
    /// </summary>
    public HostBootloaders(
        BootContext context,
        string name,
        string statusName,
        string reason,
        IBootMenu menu,
        IReadOnlyDictionary<BootArtifactType, IBootArtifactStore> stores,
        IReadOnlyList<IBootRecovery> recoveries,
        PlatformServices? platform = null)
    {
        Platform = platform ?? PlatformServices.Default;
        Context = context with { Bootloader = name, Services = Platform };
        Name = name;
        StatusName = statusName;
        Reason = reason;
        Menu = menu;
        Stores = stores;
        Recoveries = recoveries;
    }

    /// <summary>
    /// Where the plugins find the host's files, with <see cref="BootContext.Bootloader"/> set to <see cref="Name"/>
    /// and <see cref="BootContext.Services"/> to <see cref="Platform"/>.
    /// </summary>
    public BootContext Context { get; }

    /// <summary>
    /// The process's platform services, which the plugins reach through <see cref="BootContext.Services"/>: the host
    /// operations write through the same durable file operations and report to the same fault points.
    /// </summary>
    public PlatformServices Platform { get; }

    /// <summary>
    /// The chosen bootloader's name as its plugin declares it (<c>grub</c>, <c>systemd</c>, <c>acme</c>).
    /// </summary>
    public string Name { get; }

    /// <summary>
    /// What status reports as <c>bootloader</c>: upstream's grub, systemd, grub-cc, or none for a vendor's.
    /// </summary>
    public string StatusName { get; }

    /// <summary>Why this bootloader was chosen (the override, or what its plugin's detector found).</summary>
    public string Reason { get; }

    /// <summary>The boot menu of the chosen bootloader.</summary>
    public IBootMenu Menu { get; }

    /// <summary>The artifact store of each artifact type that some loaded plugin stores for this bootloader.</summary>
    public IReadOnlyDictionary<BootArtifactType, IBootArtifactStore> Stores { get; }

    /// <summary>
    /// What a writer runs, holding the exclusive lock, before it reads: the menu's plugin's, then the stores'.
    /// </summary>
    public IReadOnlyList<IBootRecovery> Recoveries { get; }

    /// <summary>The artifact stores, Type1 first.</summary>
    public IEnumerable<IBootArtifactStore> ArtifactStores => Stores.OrderBy(s => s.Key).Select(s => s.Value);

    /// <summary>The store that installs artifacts of one type.</summary>
    public IBootArtifactStore StoreFor(BootArtifactType type) => Stores.TryGetValue(type, out var store)
        ? store
        : throw new InvalidOperationException(type == BootArtifactType.Uki
            ? "no loaded plugin installs unified kernel images (the uki plugin is missing)"
            : $"no loaded plugin installs Type1 kernels for the '{Name}' bootloader");

    /// <summary>The boot context of a host's paths, before a bootloader is chosen (detectors read it).</summary>
    public static BootContext ContextFor(HostPaths paths, PlatformServices? platform = null) =>
        new(paths.Root, paths.BootDir, paths.Esp)
        {
            EfiVarsDir = paths.EfiVars,
            Services = platform ?? PlatformServices.Default,
        };
}
