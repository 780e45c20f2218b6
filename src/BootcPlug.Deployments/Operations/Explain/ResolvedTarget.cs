using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Explain;

/// <summary>What `gc --explain` is asked about: an object, an image, a boot artifact or a state dir.</summary>
public sealed record ResolvedTarget(ChainStepKind Kind, string Name, string Path)
{
    /// <summary>Whether a chain step is this target.</summary>
    public bool Is(ChainStepKind kind, string name) => kind == Kind && name == Name;

    /// <summary>
    /// Resolves TARGET: a digest names an object; a path names an object (objects/XX/…), an image (images/NAME), a
    /// state dir (state/deploy/ID) or a kernel dir or UKI. Anything else is a usage error naming it.
    /// </summary>
    public static ResolvedTarget Resolve(string text, HostInventory inventory, ComposefsRepository? repository)
    {
        if (repository is not null && ObjectId.TryParseHex(repository.Algorithm, text, out var digest))
            return Existing(ObjectTarget(repository, digest), text);

        string full = System.IO.Path.GetFullPath(text).TrimEnd('/');
        var paths = inventory.Paths;
        if (repository is not null)
        {
            if (Below(full, System.IO.Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory)) is
                [var folder, var file]
                && ObjectId.TryParseDirectoryAndName(repository.Algorithm, folder, file, out var id))
                return Existing(ObjectTarget(repository, id), text);
            if (Below(full, System.IO.Path.Combine(repository.Path, ComposefsRepository.ImagesDirectory)) is [var name]
                && name != ComposefsRepository.RefsDirectory)
                return Existing(new ResolvedTarget(ChainStepKind.Image, name, full), text);
        }
        if (Below(full, paths.StateDeploy) is [var stateDir])
            return Existing(new ResolvedTarget(ChainStepKind.StateDir, stateDir, full), text);
        foreach (var store in inventory.Bootloaders.ArtifactStores)
            foreach (var artifact in store.ListArtifacts(inventory.Bootloaders.Context).Artifacts)
                if (full == artifact.Path || full.StartsWith(artifact.Path + "/", StringComparison.Ordinal))
                    return new ResolvedTarget(ChainStepKind.BootArtifact, artifact.Name, artifact.Path);
        throw new UsageException($"--explain: {text}: not an object digest, nor the path of an object, an image, "
            + $"a state dir or a kernel dir or UKI of the host under {paths.Root}");
    }

    private static ResolvedTarget ObjectTarget(ComposefsRepository repository, ObjectId id) =>
        new(ChainStepKind.Object, id.ToHex(), repository.ObjectPath(id));

    private static ResolvedTarget Existing(ResolvedTarget target, string text) =>
        File.Exists(target.Path) || Directory.Exists(target.Path) || new FileInfo(target.Path).LinkTarget is not null
            ? target
            : throw new OperationFailedException($"--explain: {text}: {target.Path} does not exist");

    /// <summary>The path components of <paramref name="full"/> below <paramref name="folder"/>, if any.</summary>
    private static string[]? Below(string full, string folder) =>
        full.StartsWith(folder + "/", StringComparison.Ordinal)
            ? full[(folder.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries)
            : null;
}
