using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.Operations.Gc;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Explain;

/// <summary>A ref link under images/refs or streams/refs, and the first-level name it leads to.</summary>
public sealed record RepositoryRef(ChainStepKind Kind, string LinkPath, string Name);

/// <summary>
/// The roots inside the repository, read as the GC reads them: every symlink under images/refs and streams/refs,
/// except the localhost/bootc- tags that gc removes because no deployment records their digest. Reads only;
/// a ref that leads nowhere is left out (fsck reports it).
/// </summary>
public static class RepositoryRoots
{
    public static IReadOnlyList<RepositoryRef> Read(ComposefsRepository repository, HostInventory inventory)
    {
        var doomed = GcPlanner.PlanTags(repository, InventoryView.Of(inventory), [])
            .Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        return [
            .. Refs(repository, ComposefsRepository.ImagesDirectory, ChainStepKind.ImageRef, doomed),
            .. Refs(repository, ComposefsRepository.StreamsDirectory, ChainStepKind.StreamRef, doomed),
        ];
    }

    /// <summary>The object a first-level link of images/ or streams/ points at, if it names one.</summary>
    public static ObjectId? Target(ComposefsRepository repository, string category, string name)
    {
        var info = new FileInfo(Path.Combine(repository.Path, category, name));
        return info.LinkTarget is { } target && ObjectId.TryParsePathName(repository.Algorithm, target, out var id)
            ? id
            : null;
    }

    private static IEnumerable<RepositoryRef> Refs(ComposefsRepository repository, string category,
        ChainStepKind kind, HashSet<string> doomed)
    {
        string refs = Path.Combine(repository.Path, category, ComposefsRepository.RefsDirectory);
        if (!Directory.Exists(refs)) return [];
        return new DirectoryInfo(refs).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Where(e => e.LinkTarget is not null && !doomed.Contains(e.FullName))
            .Select(e => new RepositoryRef(kind, e.FullName, Path.GetFileName(e.LinkTarget!)))
            .Where(r => Target(repository, category, r.Name) is not null)
            .OrderBy(r => r.LinkPath, StringComparer.Ordinal)
            .ToList();
    }
}
