namespace BootcPlug.Bootloaders;

/// <summary>A kernel directory or UKI on disk, found by a backend.</summary>
/// <param name="Type">A Type1 kernel directory (<c>bootc_composefs-&lt;name&gt;/</c>) or a UKI (<c>bootc_composefs-&lt;name&gt;.efi</c>).</param>
/// <param name="Name">The name with <see cref="BootloaderContract.ArtifactPrefix"/> (and <c>.efi</c>) removed; entries refer to it by <see cref="BootEntry.BootArtifactName"/>.</param>
/// <param name="Path">The directory or file.</param>
public sealed record BootArtifact(BootArtifactType Type, string Name, string Path)
{
    /// <summary>For a UKI, its addon directory (<c>….efi.extra.d/</c>) when it exists.</summary>
    public string? AddonDir { get; init; }

    /// <summary>For a UKI, the title read from its <c>.osrel</c> section (<c>PRETTY_NAME</c>, else <c>NAME</c>, else <c>ID</c>).</summary>
    public string? Title { get; init; }

    /// <summary>For a UKI, the version from <c>.osrel</c> (<c>VERSION_ID</c>, else <c>VERSION</c>).</summary>
    public string? Version { get; init; }

    /// <summary>For a UKI, the os-release <c>ID</c> from <c>.osrel</c>.</summary>
    public string? OsId { get; init; }

    /// <summary>For a UKI, its embedded <c>.cmdline</c>.</summary>
    public string? CommandLine { get; init; }
}

/// <summary>The artifacts a backend found, and what it could not read.</summary>
/// <param name="Artifacts">Every <c>bootc_composefs-</c> artifact this backend owns, sorted by name.</param>
/// <param name="Problems">Files that look like artifacts but could not be read (a truncated UKI, say). They are still listed in <paramref name="Artifacts"/> when their name is valid.</param>
public sealed record BootArtifactListing(IReadOnlyList<BootArtifact> Artifacts, IReadOnlyList<BootProblem> Problems);

/// <summary>The files to install as a new boot artifact.</summary>
/// <param name="Type">Type1 (kernel + initrd) or UKI.</param>
/// <param name="Name">The artifact name without prefix, normally the deployment's verity.</param>
public sealed record BootArtifactSource(BootArtifactType Type, string Name)
{
    /// <summary>Type1: the kernel file to copy as <c>vmlinuz</c>.</summary>
    public string? Kernel { get; init; }

    /// <summary>Type1: the initramfs to copy as <c>initrd</c>.</summary>
    public string? Initrd { get; init; }

    /// <summary>UKI: the <c>.efi</c> file to copy.</summary>
    public string? Uki { get; init; }

    /// <summary>UKI: addon files (<c>*.addon.efi</c>) to copy into the addon directory.</summary>
    public IReadOnlyList<string> Addons { get; init; } = [];
}

/// <summary>The answer of <see cref="IBootloader.Detect"/>.</summary>
/// <param name="Detected">True when this backend manages the host described by the context.</param>
/// <param name="Reason">Why, in a few words an admin can check (the LoaderInfo value, a file that exists, the <c>--bootloader</c> override).</param>
public sealed record BootloaderDetection(bool Detected, string Reason);
