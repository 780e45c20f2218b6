using System.Collections.Concurrent;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Mark-and-sweep GC of a repository. Roots: every symlink under images/refs and streams/refs, plus caller-given
/// first-level image or stream names. Unlike upstream, the whole mark phase (including which symlinks will be
/// broken) completes before the first unlink, and any problem while marking aborts with nothing deleted; a dry
/// run reports exactly what the real run will.
/// </summary>
public sealed class RepositoryGarbageCollector
{
    /// <summary>
    /// Unlinking waits on the filesystem more than on the CPU, so more workers than cores keep the disk busy;
    /// each worker owns whole objects/XX directories, so they never contend for one directory.
    /// </summary>
    private static readonly int UnlinkParallelism = Math.Max(4, 4 * Environment.ProcessorCount);

    private readonly ComposefsRepository _repository;

    public RepositoryGarbageCollector(ComposefsRepository repository) => _repository = repository;

    public GarbageCollectionResult Run(IEnumerable<string>? additionalRoots = null, bool dryRun = false, IReadOnlySet<string>? ignoredRefs = null)
    {
        if (!dryRun)
        {
            if (_repository.Metadata.ReadOnlyCompatibleFeatures.Count > 0)
                throw new GarbageCollectionException($"{_repository.MetadataPath}: repository has read-only features ({string.Join(", ", _repository.Metadata.ReadOnlyCompatibleFeatures)}); refusing to delete");
            if (Native.LibC.Faccessat(Native.LibC.AT_FDCWD, _repository.Path, Native.LibC.W_OK, 0) != 0)
                throw new GarbageCollectionException($"{_repository.Path}: repository is not writable");
            _repository.Lock.UpgradeToExclusive(_repository.Path);
        }
        try
        {
            var plan = Plan(additionalRoots ?? [], ignoredRefs);
            if (!dryRun) EnsureNoSymlinks(plan);
            return dryRun ? plan.Report(dryRun: true) : Execute(plan);
        }
        finally
        {
            if (!dryRun) _repository.Lock.DowngradeToShared(_repository.Path);
        }
    }

    /// <summary>The complete decision: what is live, what goes, which links break. Touches nothing.</summary>
    public GarbageCollectionPlan Plan(IEnumerable<string> additionalRoots, IReadOnlySet<string>? ignoredRefs = null)
    {
        var marker = new LiveObjectMarker(_repository);
        var live = marker.Mark(additionalRoots, ignoredRefs);
        var sweep = ObjectSweepPlanner.Plan(_repository, live);
        var removed = new HashSet<string>(sweep.Removals.Select(r => r.Path), StringComparer.Ordinal);
        var broken = BrokenLinkPlanner.Plan(_repository, removed, ignoredRefs);
        return new GarbageCollectionPlan(sweep, broken, live.Count);
    }

    /// <summary>Every folder the sweep deletes in is reached from the repository without a symbolic link.</summary>
    private void EnsureNoSymlinks(GarbageCollectionPlan plan)
    {
        foreach (var directory in plan.Sweep.Removals.Select(r => r.Path).Concat(plan.BrokenLinks.Select(l => l.Path))
                     .Select(path => Path.GetDirectoryName(path)!).Distinct(StringComparer.Ordinal))
            _repository.EnsureNoSymlinks(directory);
    }

    private static GarbageCollectionResult Execute(GarbageCollectionPlan plan)
    {
        var errors = new ConcurrentBag<string>();
        long removed = 0, bytes = 0;
        var byDirectory = plan.Sweep.Removals.GroupBy(r => Path.GetDirectoryName(r.Path)!).ToList();
        Parallel.ForEach(byDirectory, new ParallelOptions { MaxDegreeOfParallelism = UnlinkParallelism }, group =>
        {
            long localRemoved = 0, localBytes = 0;
            foreach (var removal in group)
            {
                try
                {
                    File.Delete(removal.Path);
                    localRemoved++;
                    localBytes += removal.Size;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"{removal.Path}: {e.Message}");
                }
            }
            Interlocked.Add(ref removed, localRemoved);
            Interlocked.Add(ref bytes, localBytes);
        });

        long images = 0, streams = 0;
        foreach (var link in plan.BrokenLinks)
        {
            try
            {
                // Re-check: only a symlink that really no longer resolves is removed.
                if (new FileInfo(link.Path).LinkTarget is null || SymlinkResolves(link.Path)) continue;
                File.Delete(link.Path);
                if (link.Category == ComposefsRepository.ImagesDirectory) images++;
                else streams++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{link.Path}: {e.Message}");
            }
        }
        return new GarbageCollectionResult
        {
            DryRun = false,
            ObjectsRemoved = removed,
            BytesFreed = bytes,
            ImagesPruned = images,
            StreamsPruned = streams,
            ObjectsKept = plan.LiveCount,
            Skipped = plan.Sweep.Skipped,
            Errors = errors.OrderBy(e => e, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>Whether following the symlink chain ends at something that exists (File.Exists is true for a broken link).</summary>
    internal static bool SymlinkResolves(string path)
    {
        try
        {
            var final = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return final is null ? File.Exists(path) || Directory.Exists(path) : final.Exists || Directory.Exists(final.FullName);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>An object file to delete and its size.</summary>
public sealed record PlannedRemoval(string Path, long Size);

/// <summary>A symlink that will not resolve once the sweep is done.</summary>
public sealed record PlannedLinkPrune(string Path, string Category);

public sealed record SweepPlan(IReadOnlyList<PlannedRemoval> Removals, IReadOnlyList<string> Skipped);

public sealed record GarbageCollectionPlan(SweepPlan Sweep, IReadOnlyList<PlannedLinkPrune> BrokenLinks, long LiveCount)
{
    public GarbageCollectionResult Report(bool dryRun) => new()
    {
        DryRun = dryRun,
        ObjectsRemoved = Sweep.Removals.Count,
        BytesFreed = Sweep.Removals.Sum(r => r.Size),
        ImagesPruned = BrokenLinks.Count(l => l.Category == ComposefsRepository.ImagesDirectory),
        StreamsPruned = BrokenLinks.Count(l => l.Category == ComposefsRepository.StreamsDirectory),
        ObjectsKept = LiveCount,
        Skipped = Sweep.Skipped,
        Errors = [],
    };
}
