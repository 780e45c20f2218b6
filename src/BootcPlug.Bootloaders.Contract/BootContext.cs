namespace BootcPlug.Bootloaders;

/// <summary>
/// Where a backend finds the files it manages. Every path is absolute and already resolved under the
/// host's root (the CLI's <c>--root</c>), so a backend never looks at the running system's own paths.
/// </summary>
/// <param name="RootDir">The host root (<c>/</c> on a running system, the <c>--root</c> folder otherwise).</param>
/// <param name="BootDir">The physical <c>/boot</c> of the sysroot (<c>ROOT/sysroot/boot</c>): grub's entries, kernel dirs and <c>grub2/</c>.</param>
/// <param name="EspDir">The EFI system partition (<c>ROOT/boot/efi</c> unless <c>--esp</c>): systemd-boot's entries, its kernel dirs and the UKIs.</param>
public sealed record BootContext(string RootDir, string BootDir, string EspDir)
{
    /// <summary>The efivarfs folder that detection reads <c>LoaderInfo-…</c> from.</summary>
    public string EfiVarsDir { get; init; } = System.IO.Path.Combine(RootDir, "sys", "firmware", "efi", "efivars");

    /// <summary>
    /// The bootloader the admin asked for with <c>--bootloader</c> (<c>grub</c>, <c>systemd</c>, <c>grub-cc</c>),
    /// or null to let backends detect. A backend that does not handle the requested name reports itself as not detected.
    /// </summary>
    public string? Bootloader { get; init; }

    /// <summary>
    /// True when <c>/boot</c> is its own partition. grub then refers to kernels as <c>/bootc_composefs-…/vmlinuz</c>
    /// rather than <c>/boot/bootc_composefs-…/vmlinuz</c>.
    /// </summary>
    public bool BootIsSeparatePartition { get; init; }

    /// <summary>
    /// The host's services for plugins, looked up by type: the durable file operations of the host's platform layer,
    /// which report every step to the host's fault points (crash tests stop a write there). Null when the host
    /// offers none; the shared format helpers then use plain ones.
    /// </summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>
    /// The standard layout under a host root (<c>--root</c>): boot dir <c>ROOT/sysroot/boot</c>,
    /// ESP <c>ROOT/boot/efi</c> unless <paramref name="espDir"/> is given, efivars under <c>ROOT/sys</c>.
    /// </summary>
    public static BootContext ForRoot(string rootDir, string? espDir = null, string? bootloader = null)
    {
        var root = System.IO.Path.GetFullPath(rootDir);
        return new BootContext(
            root,
            System.IO.Path.Combine(root, "sysroot", "boot"),
            espDir is null ? System.IO.Path.Combine(root, "boot", "efi") : System.IO.Path.GetFullPath(espDir))
        {
            Bootloader = bootloader,
        };
    }
}
