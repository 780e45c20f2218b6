namespace BootcPlug.Deployments.Layout;

/// <summary>
/// Every system path of a host, taken under its root (`--root`, `/` on the running system). Nothing outside these
/// paths is ever read or written, whatever a file on disk says: the roots the administrator named
/// (<see cref="TrustedRoots"/>) are taken as given, and no directory below them is reached through a symbolic link
/// (see <see cref="HostLayoutCheck"/> and <c>NoFollowPaths</c>).
/// </summary>
public sealed record HostPaths
{
    public HostPaths(string root, string? esp = null)
    {
        Root = Path.GetFullPath(root);
        Esp = Path.GetFullPath(esp ?? Path.Combine(Root, "boot", "efi"));
        EspNamed = esp is not null;
    }

    /// <summary>Whether the ESP was named (`--esp`) rather than taken as ROOT/boot/efi.</summary>
    public bool EspNamed { get; }

    /// <summary>
    /// The directories taken as given, whatever their own path holds: the root and an ESP named with `--esp`. The boot
    /// dir and a default ESP lie below the root, so their components are checked like any other.
    /// </summary>
    public IReadOnlyList<string> TrustedRoots => EspNamed ? [Root, Esp] : [Root];

    public string Root { get; }

    /// <summary>The physical root filesystem (/sysroot).</summary>
    public string Sysroot => Path.Combine(Root, "sysroot");

    /// <summary>The composefs repository.</summary>
    public string Repository => Path.Combine(Sysroot, "composefs");

    /// <summary>One directory per deployment, named by its verity.</summary>
    public string StateDeploy => Path.Combine(Sysroot, "state", "deploy");

    /// <summary>The shared /var that each deployment's `var` link points at.</summary>
    public string SharedVar => Path.Combine(Sysroot, "state", "os", "default", "var");

    /// <summary>The /boot partition of the sysroot.</summary>
    public string BootDir => Path.Combine(Sysroot, "boot");

    /// <summary>The EFI system partition.</summary>
    public string Esp { get; }

    public string ProcCmdline => Path.Combine(Root, "proc", "cmdline");

    public string RunComposefs => Path.Combine(Root, "run", "composefs");

    /// <summary>Which deployment is staged, and whether it may be finalized (tmpfs: gone at reboot).</summary>
    public string StagedMarker => Path.Combine(RunComposefs, "staged-deployment");

    public string EfiVars => Path.Combine(Root, "sys", "firmware", "efi", "efivars");

    /// <summary>The host-wide lock file (on tmpfs on a real host).</summary>
    public string LockFile => Path.Combine(Root, "run", "bootcplug.lock");

    public string StateDir(string verity) => Path.Combine(StateDeploy, verity);

    public string OriginFile(string verity) => Path.Combine(StateDir(verity), verity + ".origin");

    public string ImageInfoFile(string verity) => Path.Combine(StateDir(verity), verity + ".imginfo");
}
