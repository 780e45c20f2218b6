using System.Runtime.InteropServices;
using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;
using BootcPlug.Models;
using ModelBootEntry = BootcPlug.Models.BootEntry;

namespace BootcPlug.Deployments.Status;

/// <summary>The status document and what was wrong on the way (each a line for stderr).</summary>
public sealed record StatusReport(Host Document, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The host's bootloader as its plugin names it. The document carries upstream's wire name, which is <c>none</c>
    /// for a vendor bootloader; the human-readable output names the vendor's instead.
    /// </summary>
    public string? BootloaderName { get; init; }

    /// <summary>
    /// Lines for the verbose human-readable output, by deployment id: where the document follows bootc and a
    /// deployment's own files say otherwise (its own composefs= argument, say).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Notes { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The deployment the next boot starts (<see cref="NextBootRule"/>), or null when no boot entry names one.
    /// </summary>
    public DeploymentId? NextBoot { get; init; }
}

/// <summary>
/// Builds bootc's status document from an inventory, as bootc does, with our rule (docs/upstream-differences.md):
/// rollbackQueued means the first live entry is not the booted deployment, for every bootloader and boot type.
/// missingVerityAllowed is the booted deployment's (the running kernel's composefs=?) on every entry;
/// softRebootCapable follows <see cref="SoftRebootRule"/>; an origin without a manifest digest falls back to the
/// legacy .imginfo (<see cref="LegacyImageInfo"/>). A staged marker that cannot be read is a warning, and the
/// staged deployment is then not shown.
/// </summary>
public static class HostStatusBuilder
{
    public const string ApiVersion = "org.containers.bootc/v1";
    public const string Kind = "BootcHost";

    public static StatusReport Build(HostInventory inventory)
    {
        var warnings = new List<string>();
        warnings.AddRange(inventory.Entries.Problems.Select(p => p.ToString()));
        if (inventory.MarkerProblem is not null)
            warnings.Add($"{inventory.MarkerProblem}; which deployment is staged is unknown, so none is shown as "
                + "staged, and delete-deployment and gc keep whatever might be");
        warnings.AddRange(DeploymentImages.Problems(inventory));

        var facts = DeploymentBootFacts.Read(inventory);
        var verity = new VerityPolicy(inventory, facts);
        var entries = new Dictionary<DeploymentId, ModelBootEntry>();
        // In menu order, as the inventory lists them: a deployment without an origin is a warning, not an entry.
        foreach (var deployment in inventory.Deployments)
        {
            if (deployment.Origin is null)
            {
                warnings.Add(deployment.OriginProblem ?? $"No origin file for deployment {deployment.Id}");
                continue;
            }
            entries[deployment.Id] = Entry(inventory, deployment, verity.MissingVerityAllowed(deployment), warnings);
        }

        string? bootedName = inventory.BootedKarg?.Verity;
        var bootedRecord = inventory.BootedDeployment;
        ModelBootEntry? booted = bootedRecord is not null && entries.TryGetValue(bootedRecord.Id, out var b) ? b : null;
        if (bootedName is not null && bootedRecord is null)
            warnings.Add(
                $"The booted deployment {bootedName} (composefs= in {inventory.Paths.ProcCmdline}) has no boot entry");

        ModelBootEntry? staged = null;
        var stagedRecord = inventory.StagedDeployment;
        if (stagedRecord is null && inventory.MarkerProblem is null
            && inventory.Entries.Staged.FirstOrDefault() is { } stranded)
            warnings.Add($"The staged boot entries name deployment {stranded.Deployment}, "
                + $"but {inventory.Paths.StagedMarker} does not: "
                + "a deploy that stopped before it finished, or a reboot that did not finalize "
                + "(deploying the same tree again finishes it; delete-deployment drops it)");
        if (stagedRecord is not null && inventory.Marker is { } marker
            && entries.TryGetValue(stagedRecord.Id, out var s))
            staged = s with { DownloadOnly = marker.FinalizationLocked };

        var rollback = inventory.RollbackDeployment is { } r ? entries[r.Id] : null;
        var others = inventory.OtherShowable.Select(d => entries[d.Id]).ToList();

        // Upstream's rule for the entries other than the booted one; without a booted deployment none is capable.
        if (booted is not null)
        {
            var rule = new SoftRebootRule(inventory, facts, bootedRecord!, warnings);
            ModelBootEntry Judged(ModelBootEntry entry) => entry with
            {
                SoftRebootCapable = rule.Capable(inventory.Find(DeploymentId.Parse(entry.Composefs!.Verity.Value))!),
            };
            staged = staged is null ? null : Judged(staged);
            rollback = rollback is null ? null : Judged(rollback);
            others = others.Select(Judged).ToList();
        }

        var live = inventory.Entries.Live;
        bool rollbackQueued = bootedName is not null && live.Count > 0 && live[0].Deployment.Value != bootedName;

        var document = new Host
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Metadata = new ObjectMeta { Name = "host" },
            Spec = new HostSpec
            {
                BootOrder = rollbackQueued ? BootOrder.Rollback : BootOrder.Default,
                Image = (staged ?? booted)?.Image?.Image,
            },
            Status = new HostStatus
            {
                Staged = staged,
                Booted = booted,
                Rollback = rollback,
                OtherDeployments = others,
                RollbackQueued = rollbackQueued,
            },
        };
        var shown = new[] { staged, rollback }.Concat(others).OfType<ModelBootEntry>()
            .Select(e => e.Composefs!.Verity.Value);
        return new StatusReport(document, warnings)
        {
            BootloaderName = inventory.Bootloaders.Name,
            Notes = verity.Notes(shown),
            NextBoot = NextBootRule.Of(inventory),
        };
    }

    private static ModelBootEntry Entry(HostInventory inventory, DeploymentRecord deployment,
        bool missingVerityAllowed, List<string> warnings)
    {
        var origin = deployment.Origin!;
        var first = deployment.Entries[0];
        BootType bootType = origin.BootType switch
        {
            "bls" => BootType.Bls,
            "uki" => BootType.Uki,
            _ => first.BootType == BootArtifactType.Uki ? BootType.Uki : BootType.Bls,
        };

        BootDigest? bootDigest = null;
        if (origin.BootDigest is { } digestText)
        {
            if (BootDigest.TryParse(digestText, out var digest, out string error)) bootDigest = digest;
            else warnings.Add($"{inventory.Paths.OriginFile(deployment.Id)}: [boot] digest: {error}");
        }

        // A bootloader upstream's enum lacks reports none (its manifest says so); an unknown name is never grub.
        var bootloader = BootloaderWireNames.TryParse(inventory.Bootloaders.StatusName, out var known)
            ? known
            : Bootloader.None;
        return new ModelBootEntry
        {
            Image = Image(inventory, deployment, origin, warnings),
            CachedUpdate = null,
            Incompatible = false,
            Pinned = deployment.Pinned,
            Store = null,
            Ostree = null,
            Composefs = new BootEntryComposefs
            {
                Verity = deployment.Id.ToFsVerityDigest(),
                BootType = bootType,
                Bootloader = bootloader,
                BootDigest = bootDigest,
                MissingVerityAllowed = missingVerityAllowed,
                BootCounter = Counter(deployment),
            },
        };
    }

    /// <summary>The boot counter of the entry that boots the deployment (its staged one when it is staged).</summary>
    private static BootCounter? Counter(DeploymentRecord deployment)
    {
        var set = deployment.Role == DeploymentRole.Staged ? BootEntrySet.Staged : BootEntrySet.Live;
        var entry = deployment.Entries.Where(e => e.Set == set).OrderBy(e => e.MenuPosition).FirstOrDefault()
            ?? deployment.Entries[0];
        return entry.TriesLeft is { } left
            ? new BootCounter { TriesLeft = (uint)left, TriesDone = (uint)(entry.TriesDone ?? 0), Failed = left == 0 }
            : null;
    }

    private static ImageStatus? Image(HostInventory inventory, DeploymentRecord deployment, OriginFile origin,
        List<string> warnings)
    {
        string originPath = inventory.Paths.OriginFile(deployment.Id);
        if (origin.ContainerImageReference is not { } reference) return null;
        if (!ImageReferences.TryParse(reference, out var image, out string error))
        {
            warnings.Add($"{originPath}: [origin] container-image-reference {error}");
            return null;
        }
        if (origin.ManifestDigest is null) return LegacyImage(inventory, deployment, image, warnings);
        if (!ImageDigest.TryParse(origin.ManifestDigest, out var digest, out error))
        {
            warnings.Add($"{originPath}: [image] manifest_digest: {error}; the image is not reported");
            return null;
        }

        ImageDetails? details = null;
        try
        {
            details = ImageInfoFile.Read(inventory.Paths.ImageInfoFile(deployment.Id));
        }
        catch (StateFileException ex)
        {
            warnings.Add(ex.Message);
        }

        return new ImageStatus
        {
            Image = image,
            Version = details?.Version,
            Timestamp = details?.Created,
            ImageDigest = digest,
            Architecture = details?.Architecture ?? HostArchitecture(),
        };
    }

    /// <summary>
    /// An origin without a manifest digest: the image as the legacy .imginfo describes it, its digest bare hex.
    /// </summary>
    private static ImageStatus? LegacyImage(HostInventory inventory, DeploymentRecord deployment,
        ImageReference image, List<string> warnings)
    {
        string originPath = inventory.Paths.OriginFile(deployment.Id);
        string infoPath = inventory.Paths.ImageInfoFile(deployment.Id);
        try
        {
            if (LegacyImageInfo.Read(infoPath) is { } legacy)
                return new ImageStatus
                {
                    Image = image,
                    Version = legacy.Details.Version,
                    Timestamp = legacy.Details.Created,
                    ImageDigest = ImageDigest.Parse(legacy.ManifestDigest),
                    Architecture = legacy.Details.Architecture!,
                };
            warnings.Add($"{originPath}: [image] manifest_digest: missing, and there is no {infoPath}; "
                + "the image is not reported");
        }
        catch (StateFileException ex)
        {
            warnings.Add(
                $"{originPath}: [image] manifest_digest: missing, and {ex.Message}; the image is not reported");
        }
        return null;
    }

    /// <summary>The OCI name of this machine's architecture, used when an origin does not record the image's.</summary>
    public static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
