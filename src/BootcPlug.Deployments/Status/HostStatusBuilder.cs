using System.Runtime.InteropServices;
using BootcPlug.Bootloaders;
using BootcPlug.Deployments.State;
using BootcPlug.Models;
using ModelBootEntry = BootcPlug.Models.BootEntry;

namespace BootcPlug.Deployments.Status;

/// <summary>The status document and what was wrong on the way (each a line for stderr).</summary>
public sealed record StatusReport(Host Document, IReadOnlyList<string> Warnings);

/// <summary>
/// Builds bootc's status document from an inventory, as bootc does, with our rule (docs/upstream-differences.md):
/// rollbackQueued means the first live entry is not the booted deployment, for every bootloader and boot type.
/// </summary>
public static class HostStatusBuilder
{
    public const string ApiVersion = "org.containers.bootc/v1";
    public const string Kind = "BootcHost";

    public static StatusReport Build(HostInventory inventory)
    {
        var warnings = new List<string>();
        warnings.AddRange(inventory.Entries.Problems.Select(p => p.ToString()));
        if (inventory.MarkerProblem is not null) warnings.Add(inventory.MarkerProblem);
        warnings.AddRange(DeploymentImages.Problems(inventory));

        var entries = new Dictionary<string, ModelBootEntry>();
        foreach (var deployment in inventory.Deployments)
        {
            if (deployment.Origin is null)
            {
                warnings.Add(deployment.OriginProblem ?? $"No origin file for deployment {deployment.Verity}");
                continue;
            }
            entries[deployment.Verity] = Entry(inventory, deployment, warnings);
        }

        string? bootedId = inventory.Booted?.Verity;
        ModelBootEntry? booted = bootedId is not null && entries.TryGetValue(bootedId, out var b) ? b : null;
        if (bootedId is not null && booted is null && inventory.Find(bootedId) is null)
            warnings.Add($"The booted deployment {bootedId} (composefs= in {inventory.Paths.ProcCmdline}) has no boot entry");

        ModelBootEntry? staged = null;
        string? stagedId = inventory.StagedDeployment?.Verity;
        if (stagedId is null && inventory.MarkerProblem is null && inventory.Entries.Staged.FirstOrDefault() is { } stranded)
            warnings.Add($"The staged boot entries name deployment {stranded.Verity}, but {inventory.Paths.StagedMarker} does not: "
                + "a deploy that stopped before it finished, or a reboot that did not finalize (deploying the same tree again finishes it; delete-deployment drops it)");
        if (stagedId is not null && stagedId != bootedId && entries.TryGetValue(stagedId, out var s))
            staged = s with { DownloadOnly = inventory.Marker!.FinalizationLocked };

        var others = inventory.RollbackCandidates(bootedId).Select(d => entries[d.Verity]).ToList();

        var live = inventory.Entries.Live;
        bool rollbackQueued = bootedId is not null && live.Count > 0 && live[0].Verity != bootedId;

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
                Rollback = others.FirstOrDefault(),
                OtherDeployments = others.Skip(1).ToList(),
                RollbackQueued = rollbackQueued,
            },
        };
        return new StatusReport(document, warnings);
    }

    private static ModelBootEntry Entry(HostInventory inventory, DeploymentRecord deployment, List<string> warnings)
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
            else warnings.Add($"{inventory.Paths.OriginFile(deployment.Verity)}: [boot] digest: {error}");
        }

        BootloaderWireNames.TryParse(inventory.Bootloaders.Name, out var bootloader);
        return new ModelBootEntry
        {
            Image = Image(inventory, deployment, origin, warnings),
            CachedUpdate = null,
            Incompatible = false,
            Pinned = false,
            Store = null,
            Ostree = null,
            Composefs = new BootEntryComposefs
            {
                Verity = FsVerityDigest.Parse(deployment.Verity),
                BootType = bootType,
                Bootloader = bootloader,
                BootDigest = bootDigest,
                MissingVerityAllowed = deployment.Entries.Any(e => e.MissingVerityAllowed),
            },
        };
    }

    private static ImageStatus? Image(HostInventory inventory, DeploymentRecord deployment, OriginFile origin, List<string> warnings)
    {
        string originPath = inventory.Paths.OriginFile(deployment.Verity);
        if (origin.ContainerImageReference is not { } reference) return null;
        if (!ImageReferences.TryParse(reference, out var image, out string error))
        {
            warnings.Add($"{originPath}: [origin] container-image-reference {error}");
            return null;
        }
        if (origin.ManifestDigest is not { } manifest || !ImageDigest.TryParse(manifest, out var digest, out error))
        {
            warnings.Add($"{originPath}: [image] manifest_digest: {(origin.ManifestDigest is null ? "missing" : error)}; the image is not reported");
            return null;
        }

        ImageDetails? details = null;
        try
        {
            details = ImageInfoFile.Read(inventory.Paths.ImageInfoFile(deployment.Verity));
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
