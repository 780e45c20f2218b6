namespace BootcPlug.Bootloaders;

/// <summary>A kernel directory or UKI on disk, found by an <see cref="IBootArtifactStore"/>.</summary>
/// <param name="Type">A Type1 kernel directory (<c>bootc_composefs-&lt;name&gt;/</c>) or a UKI
/// (<c>bootc_composefs-&lt;name&gt;.efi</c>).</param>
/// <param name="Name">
/// The name with <see cref="BootloaderContract.ArtifactPrefix"/> (and <c>.efi</c>) removed; entries refer to it by
/// <see cref="BootEntry.BootArtifactName"/>. It stays a string: an artifact is normally named after the deployment that
/// installed it (see <see cref="Deployment"/>), but an older tool's artifact may carry any safe name, and such an
/// artifact is still compared with the entries (and kept while one names it).
/// </param>
/// <param name="Path">The directory or file.</param>
public sealed record BootArtifact(BootArtifactType Type, string Name, string Path)
{
    /// <summary>
    /// The deployment the artifact is named after (the one that installed it; with shared kernels, entries of other
    /// deployments name it too), or null when <see cref="Name"/> is not a deployment id.
    /// </summary>
    public DeploymentId? Deployment => DeploymentId.TryParse(Name, out var id) ? id : null;

    /// <summary>For a UKI, its addon directory (<c>….efi.extra.d/</c>) when it exists.</summary>
    public string? AddonDir { get; init; }

    /// <summary>For a UKI, the title read from its <c>.osrel</c> section (<c>PRETTY_NAME</c>, else <c>NAME</c>, else
    /// <c>ID</c>).</summary>
    public string? Title { get; init; }

    /// <summary>For a UKI, the version from <c>.osrel</c> (<c>VERSION_ID</c>, else <c>VERSION</c>).</summary>
    public string? Version { get; init; }

    /// <summary>For a UKI, the os-release <c>ID</c> from <c>.osrel</c>.</summary>
    public string? OsId { get; init; }

    /// <summary>For a UKI, its embedded <c>.cmdline</c>.</summary>
    public string? CommandLine { get; init; }
}

/// <summary>The artifacts a store found, and what it could not read.</summary>
/// <param name="Artifacts">Every <c>bootc_composefs-</c> artifact of the store, sorted by name.</param>
/// <param name="Problems">Files that look like artifacts but could not be read (a truncated UKI, say). They are still
/// listed in <paramref name="Artifacts"/> when their name is valid.</param>
public sealed record BootArtifactListing(IReadOnlyList<BootArtifact> Artifacts, IReadOnlyList<BootProblem> Problems);

/// <summary>The files to install as a new boot artifact.</summary>
/// <param name="Type">Type1 (kernel + initrd) or UKI.</param>
/// <param name="Deployment">The deployment installing it: the artifact is named after it.</param>
public sealed record BootArtifactSource(BootArtifactType Type, DeploymentId Deployment)
{
    /// <summary>The artifact name without prefix: the deployment id.</summary>
    public string Name => Deployment.Value;

    /// <summary>Type1: the kernel file to copy as <c>vmlinuz</c>.</summary>
    public string? Kernel { get; init; }

    /// <summary>Type1: the initramfs to copy as <c>initrd</c>.</summary>
    public string? Initrd { get; init; }

    /// <summary>UKI: the <c>.efi</c> file to copy.</summary>
    public string? Uki { get; init; }

    /// <summary>UKI: addon files (<c>*.addon.efi</c>) to copy into the addon directory.</summary>
    public IReadOnlyList<string> Addons { get; init; } = [];
}
