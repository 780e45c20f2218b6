using BootcPlug.Bootloaders;
using BootcPlug.Bootloaders.Formats;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Oci;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Layout;
using BootcPlug.Deployments.Operations.Lifecycle;
using BootcPlug.Deployments.State;
using BootcPlug.Deployments.Status;
using BootcPlug.Deployments.Workflows;
using BootcPlug.Models.Reports;
using Microsoft.Extensions.Logging;
using BootcPlug.Platform;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>The new deployment and whether it was staged.</summary>
public sealed record DeployResult(DeploymentId Id, bool Staged, string BootArtifactName, bool SharedKernel)
{
    /// <summary>The deployments the new menu keeps behind the new one, in menu order, and why.</summary>
    public IReadOnlyList<RetainedDeployment> Kept { get; init; } = [];

    /// <summary>
    /// Live deployments the new menu leaves out (dropped now, or at finalize when staged); their files stay until a
    /// garbage collection.
    /// </summary>
    public IReadOnlyList<DeploymentRecord> Dropped { get; init; } = [];

    /// <summary>A staged deployment this deploy replaced (its staged entries are gone).</summary>
    public DeploymentId? ReplacedStaged { get; init; }

    /// <summary>The garbage collection after a deploy with --keep.</summary>
    public GcReport? Gc { get; init; }

    /// <summary>Why that garbage collection refused, when it did (the deploy itself stands).</summary>
    public string? GcRefusal { get; init; }

    /// <summary>Whether the menu's boot loader counts boots: false when --boot-tries was ignored.</summary>
    public bool BootTriesIgnored { get; init; }
}

/// <summary>
/// `deploy`: a root filesystem tree becomes a deployment. The order makes every crash harmless: objects, image,
/// boot artifact and state dir first (garbage until something refers to them), then the staged boot entries — the
/// commit point — and last the staged marker or the finalize. Deploying the same tree again after a crash finishes
/// the steps after the commit point (the image, and so the deployment id, is the same).
/// </summary>
public sealed class Deployer(HostContext host)
{
    private readonly HostPaths paths = host.Paths;
    private readonly HostBootloaders bootloaders = host.Bootloaders;
    private readonly ILogger logger = host.Logger;

    public Deployer(HostPaths paths, HostBootloaders bootloaders, ILogger logger)
        : this(new HostContext(paths, bootloaders, logger))
    {
    }

    public DeployResult Deploy(DeployRequest request) =>
        request.Image is { } image ? DeployImage(request, image) : DeployTree(request);

    private DeployResult DeployTree(DeployRequest request)
    {
        DeployPreflight.Check(bootloaders, request);
        string rootfs = Path.GetFullPath(request.Rootfs);
        if (!Directory.Exists(rootfs)) throw new UsageException($"{rootfs}: no such directory");
        var source = BootSource.Find(rootfs);

        host.Recover();
        using var repository = OpenOrInitRepository(paths, bootloaders.Platform.Faults);
        var id = DeploymentId.Parse(RootfsImage.Commit(repository, rootfs, request.ErofsVersion,
            request.TreeProgress));
        return Install(request, repository, rootfs, source, id, image: null);
    }

    /// <summary>
    /// `deploy --image`: the image is imported without a tag (garbage until its deployment's GC-root tag is written,
    /// after the state dir), the files a deploy reads are written out of its merged tree into a temporary dir under
    /// state/deploy (removed at the end; gc removes one a crash leaves), and from there on the steps and checks are
    /// those of a tree. A refusal names the image, not the temporary dir.
    /// </summary>
    private DeployResult DeployImage(DeployRequest request, OciImageReference reference)
    {
        host.Recover();
        using var repository = OpenOrInitRepository(paths, bootloaders.Platform.Faults);
        var imported = OciImporter.Import(repository, reference, tag: null, request.ImportProgress,
            request.ErofsVersion).Image;
        bootloaders.Platform.Faults.Reached("deploy.image-imported");
        var tree = OciRepository.ImageTree(repository, imported).ToFsDirectory();
        NoFollowPaths.EnsureDirectory(paths.Root, paths.StateDeploy);
        Directory.CreateDirectory(paths.StateDeploy);
        string files = bootloaders.Platform.Files.CreateTempDirectory(paths.StateDeploy, "image-files");
        try
        {
            ImageDeployFiles.Write(tree, repository, files);
            var source = InImage(files, reference, () =>
            {
                DeployPreflight.CheckTree(bootloaders, files, request.Kargs);
                return BootSource.Find(files);
            });
            var id = DeploymentId.Parse(RootfsImage.CommitTree(repository, tree, request.ErofsVersion));
            var image = new DeployedImage(reference.WithAbsolutePath(), imported);
            return InImage(files, reference, () => Install(request, repository, files, source, id, image));
        }
        finally
        {
            if (Directory.Exists(files)) Directory.Delete(files, recursive: true);
        }
    }

    /// <summary>Runs a step on the files written out of an image; its refusals name the image's files.</summary>
    private static T InImage<T>(string files, OciImageReference reference, Func<T> step)
    {
        string Rename(string message) => message.Replace(files + ":", reference + ":", StringComparison.Ordinal)
            .Replace(files + "/", reference + " /", StringComparison.Ordinal);
        try
        {
            return step();
        }
        catch (OperationFailedException e) when (e.Message.Contains(files, StringComparison.Ordinal))
        {
            throw new OperationFailedException(Rename(e.Message), e);
        }
        catch (UsageException e) when (e.Message.Contains(files, StringComparison.Ordinal))
        {
            throw new UsageException(Rename(e.Message));
        }
    }

    /// <summary>
    /// The steps after the image is committed: boot artifact, state dir, (for a container image) its GC-root tag,
    /// then the boot entries.
    /// </summary>
    private DeployResult Install(DeployRequest request, ComposefsRepository repository, string rootfs,
        BootSource source, DeploymentId id, DeployedImage? image)
    {
        string verity = id.Value;
        bool allowMissingVerity = request.AllowMissingVerity ?? !repository.KernelVerity;
        repository.Sync();
        bootloaders.Platform.Faults.Reached("deploy.image-committed");

        var inventory = HostInventory.Read(paths, bootloaders);
        if (inventory.Find(id) is { } existing) return Resume(request, inventory, existing, image);
        source.CheckUkiCommandLine(verity);
        var osRelease = ReadOsRelease(rootfs);
        var secondary = inventory.Entries.Live.FirstOrDefault(e => e.Deployment == inventory.BootedId)
            ?? inventory.Entries.Live.FirstOrDefault();
        var retention = RetentionPolicy.ForDeploy(inventory, id, secondary?.Deployment, request.Keep);
        var kept = (secondary is null ? [] : new[] { secondary })
            .Concat(RetentionPolicy.LiveEntries(retention).Where(e => e.Deployment != secondary?.Deployment))
            .ToList();
        StagedMenu.EnsureCanKeep(bootloaders, kept);

        using var scope = logger.BeginScope(
            new Dictionary<string, object> { ["Operation"] = "deploy", ["Deployment"] = verity });
        var (artifactName, shared) = InstallArtifact(source, id);
        bootloaders.Platform.Faults.Reached("deploy.artifact-installed");

        StateDirectoryWriter.Write(paths, bootloaders.Platform, verity, rootfs, dir =>
        {
            var origin = OriginFile.Create();
            string? manifestDigest = null;
            if (image is not null)
            {
                origin.ContainerImageReference = ImageReferences.OriginPrefix + image.Reference;
                ImageInfoFile.WriteImage(Path.Combine(dir, verity + ".imginfo"), image.Stored.ManifestJson,
                    image.Stored.ConfigJson, bootloaders.Platform.Files);
                manifestDigest = image.Stored.ManifestDigest.ToString();
            }
            else if (request.ImageRef is not null)
            {
                origin.ContainerImageReference = ImageReferences.ToOrigin(request.ImageRef);
                manifestDigest = ImageInfoFile.Write(
                    Path.Combine(dir, verity + ".imginfo"), HostStatusBuilder.HostArchitecture(),
                    request.Created ?? DateTimeOffset.UtcNow, osRelease.Version, bootloaders.Platform.Files);
            }
            origin.BootType = source.Type == BootArtifactType.Uki ? "uki" : "bls";
            origin.BootDigest = source.BootDigest;
            origin.ManifestDigest = manifestDigest;
            origin.Write(Path.Combine(dir, verity + ".origin"), bootloaders.Platform.Files);
        });
        bootloaders.Platform.Faults.Reached("deploy.state-written");
        if (image is not null)
        {
            ImageGcRoot.Write(repository, image.Stored.ManifestDigest);
            bootloaders.Platform.Faults.Reached("deploy.image-tagged");
        }

        bool countsBoots = bootloaders.Name == BootCounting.Bootloader;
        var template = Template(id, source, artifactName, osRelease, inventory, request.Kargs, allowMissingVerity) with
        {
            BootTries = countsBoots ? request.BootTries : null,
        };
        StagedMenu.Write(bootloaders, template, kept);
        bootloaders.Platform.Faults.Reached("deploy.entries-staged");
        // Said once the entry exists, so that a deploy that fails says only why.
        if (allowMissingVerity && request.AllowMissingVerity is null && source.Type == BootArtifactType.Bls)
            logger.LogWarning("The repository's filesystem has no fs-verity: the boot entry allows missing verity "
                + "(composefs=?{Deployment})", verity);

        Complete(id, request.Stage);
        return new DeployResult(id, request.Stage, artifactName, shared)
        {
            Kept = retention.Kept,
            Dropped = retention.Dropped,
            ReplacedStaged = inventory.StagedPrimary?.Id is { } old && old != id ? old : null,
            BootTriesIgnored = request.BootTries is not null && !countsBoots,
        };
    }

    /// <summary>The steps after the staged entries (the commit point): the marker, or the finalize.</summary>
    private void Complete(DeploymentId id, bool stage)
    {
        if (stage)
        {
            new StagedMarker(id, finalizationLocked: false).Write(paths.StagedMarker, bootloaders.Platform.Files);
            logger.LogInformation("Staged deployment {Deployment} for the next boot", id.Value);
        }
        else
        {
            // A staged update written earlier is replaced by this deployment; its marker would name a deployment
            // without entries.
            StagedMarker.Delete(paths.StagedMarker, bootloaders.Platform.Files);
            bootloaders.Platform.Faults.Reached("deploy.marker-cleared");
            bootloaders.Menu.FinalizeStaged(bootloaders.Context);
            logger.LogInformation("Deployed {Deployment} as the default boot entry", id.Value);
        }
    }

    /// <summary>
    /// The tree is already a deployment. When it is the staged set's first entry, an earlier deploy of the same tree
    /// stopped after its commit point (or a staged deployment lost its marker at a reboot): its image, artifact and
    /// state dir are in place, so the remaining steps are finished. Anything else is a deployment that exists.
    /// </summary>
    private DeployResult Resume(DeployRequest request, HostInventory inventory, DeploymentRecord existing,
        DeployedImage? image)
    {
        string verity = existing.Id.Value;
        var primary = inventory.Entries.Staged.FirstOrDefault();
        if (primary?.Deployment != existing.Id)
            throw new OperationFailedException(image is null
                ? $"Deployment {verity} already exists: the tree is identical to a deployed one"
                : $"Deployment {verity} already exists: the image {image.Reference} has the same fs-verity digest "
                    + "as a deployed one");
        using var scope = logger.BeginScope(
            new Dictionary<string, object> { ["Operation"] = "deploy", ["Deployment"] = verity });
        if (!existing.HasStateDir || existing.Origin is null)
            throw new OperationFailedException($"{paths.OriginFile(verity)}: missing, but deployment {verity} has "
                + $"staged entries; 'delete-deployment {verity}' removes them, then deploy again");
        var artifact = bootloaders.ArtifactStores.SelectMany(b => b.ListArtifacts(bootloaders.Context).Artifacts)
            .FirstOrDefault(a => a.Name == primary.BootArtifactName && a.Type == primary.BootType)
            ?? throw new OperationFailedException($"boot artifact {primary.BootArtifactName} of staged deployment "
                + $"{verity} is missing; 'delete-deployment {verity}' removes its entries, then deploy again");
        logger.LogInformation("Finishing the deploy of {Deployment}: its staged entries are in place", verity);
        Complete(existing.Id, request.Stage);
        return new DeployResult(existing.Id, request.Stage, artifact.Name, artifact.Name != verity);
    }

    /// <summary>The host's repository, created (sha512, as bootc's) on the first deploy.</summary>
    public static ComposefsRepository OpenOrInitRepository(HostPaths paths, IFaultPoints? faults = null)
    {
        NoFollowPaths.EnsureDirectory(paths.Root, paths.Repository);
        return File.Exists(Path.Combine(paths.Repository, "meta.json"))
            ? ComposefsRepository.Open(paths.Repository, faults: faults)
            : ComposefsRepository.Init(paths.Repository, FsVerityAlgorithm.Sha512, faults).Repository;
    }

    private (string Name, bool Shared) InstallArtifact(BootSource source, DeploymentId id)
    {
        var installer = bootloaders.StoreFor(source.Type);
        var artifacts = installer.ListArtifacts(bootloaders.Context).Artifacts
            .Where(a => a.Type == source.Type)
            .ToList();
        if (source.Type == BootArtifactType.Bls)
        {
            // Share a kernel dir whose vmlinuz and initrd are the same bytes (GC compares names, not verities).
            foreach (var existing in artifacts)
            {
                string kernel = Path.Combine(existing.Path, "vmlinuz"), initrd = Path.Combine(existing.Path, "initrd");
                if (File.Exists(kernel) && File.Exists(initrd)
                    && BootSource.Type1BootDigest(kernel, initrd) == source.BootDigest)
                {
                    logger.LogInformation("Sharing kernel directory {Artifact}", existing.Name);
                    return (existing.Name, true);
                }
            }
        }
        // An artifact of this name can only be left by a deploy that stopped before its entries: nothing uses it.
        if (artifacts.FirstOrDefault(a => a.Name == id.Value) is { } stale)
            installer.DeleteArtifact(bootloaders.Context, stale);
        var installed = installer.InstallArtifact(bootloaders.Context, new BootArtifactSource(source.Type, id)
        {
            Kernel = source.Kernel,
            Initrd = source.Initrd,
            Uki = source.Uki,
            Addons = source.Addons,
        });
        return (installed.Name, false);
    }

    private static EntryTemplate Template(DeploymentId id, BootSource source, string artifactName, OsRelease osRelease,
        HostInventory inventory, IReadOnlyList<string> kargs, bool allowMissingVerity)
    {
        string verity = id.Value;
        string title = osRelease.Title ?? verity;
        if (source.Type == BootArtifactType.Uki)
        {
            var pe = BootSource.OpenPe(source.Uki!);
            var ukiRelease = OsRelease.Parse(pe.ReadSectionText(".osrel") ?? "");
            return new EntryTemplate(id, BootArtifactType.Uki, artifactName, ukiRelease.Id ?? osRelease.Id ?? "bootc",
                ukiRelease.Title ?? title, ukiRelease.Version ?? osRelease.Version ?? verity);
        }
        return new EntryTemplate(id, BootArtifactType.Bls, artifactName, osRelease.Id ?? "bootc", title,
            osRelease.Version ?? verity)
        {
            Options = Options(verity, inventory, kargs, allowMissingVerity),
        };
    }

    /// <summary>
    /// The booted entry's command line with composefs= pointing at the new image (bootc's form; composefs=? when
    /// missing verity is allowed), plus --karg values.
    /// </summary>
    private static string Options(string verity, HostInventory inventory, IReadOnlyList<string> kargs,
        bool allowMissingVerity)
    {
        var booted = inventory.Entries.Live
            .FirstOrDefault(e => e.Deployment == inventory.BootedId && e.Options is not null);
        var words = (booted?.Options ?? "rw").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.StartsWith(ComposefsKarg.Key + "=", StringComparison.Ordinal)
                && !w.StartsWith(ComposefsKarg.DigestKey + "=", StringComparison.Ordinal))
            .ToList();
        foreach (string karg in kargs)
            if (!words.Contains(karg)) words.Add(karg);
        words.Add(new ComposefsKarg(verity, allowMissingVerity).ToString());
        return string.Join(' ', words);
    }

    /// <summary>
    /// usr/lib/os-release, else a regular etc/os-release (a link there is never followed out of the tree).
    /// </summary>
    private static OsRelease ReadOsRelease(string rootfs)
    {
        string usr = Path.Combine(rootfs, "usr", "lib", "os-release");
        string etc = Path.Combine(rootfs, "etc", "os-release");
        if (File.Exists(usr) && new FileInfo(usr).LinkTarget is null) return OsRelease.Parse(File.ReadAllText(usr));
        if (File.Exists(etc) && new FileInfo(etc).LinkTarget is null) return OsRelease.Parse(File.ReadAllText(etc));
        return OsRelease.Parse("");
    }
}
