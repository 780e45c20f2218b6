using System.Collections.Concurrent;
using System.Runtime;
using BootcPlug.Platform;
using Microsoft.Win32.SafeHandles;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Mark-and-sweep GC of a repository. Roots: every symlink under images/refs and streams/refs, plus caller-given
/// first-level image or stream names. Under the exclusive lock it also removes the temporary files a killed writer
/// left in objects/. Unlike upstream, the whole mark phase (including which symlinks will be
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

    public GarbageCollectionResult Run(IEnumerable<string>? additionalRoots = null, bool dryRun = false,
        IReadOnlySet<string>? ignoredRefs = null)
    {
        using var exclusive = dryRun ? null : LockExclusive();
        var plan = Plan(additionalRoots ?? [], ignoredRefs);
        return dryRun ? plan.Report(dryRun: true) : Execute(plan);
    }

    /// <summary>
    /// Takes the repository's exclusive lock (waiting for every other handle to close) after checking that the
    /// repository may be written; disposing returns to the shared lock. A plan made while it is held stays true
    /// until it is executed, and no writer is running, so every temporary file in objects/ is a leftover.
    /// </summary>
    public IDisposable LockExclusive()
    {
        if (_repository.Metadata.ReadOnlyCompatibleFeatures.Count > 0)
            throw new GarbageCollectionException(
                $"{_repository.MetadataPath}: repository has read-only features "
                + $"({string.Join(", ", _repository.Metadata.ReadOnlyCompatibleFeatures)}); refusing to delete");
        if (LibC.Faccessat(LibC.AT_FDCWD, _repository.Path, LibC.W_OK, 0) != 0)
            throw new GarbageCollectionException($"{_repository.Path}: repository is not writable");
        _repository.Lock.UpgradeToExclusive();
        return new SharedAgain(_repository);
    }

    private sealed class SharedAgain(ComposefsRepository repository) : IDisposable
    {
        public void Dispose() => repository.Lock.DowngradeToShared();
    }

    /// <summary>
    /// The complete decision: what is live, what goes, which links break. Touches nothing. Any doubt about a root
    /// (an image that does not verify, an object a root names that is missing) throws, so that nothing is deleted.
    /// </summary>
    /// <param name="rootOwners">
    /// Additional roots kept alive from outside the repository, with who keeps them
    /// (see <see cref="LiveObjectMarker.Mark"/>).
    /// </param>
    public GarbageCollectionPlan Plan(IEnumerable<string> additionalRoots, IReadOnlySet<string>? ignoredRefs = null,
        IReadOnlyDictionary<string, string>? rootOwners = null)
    {
        var phases = GcPhaseTimer.FromEnvironment();
        var marker = new LiveObjectMarker(_repository);
        var live = marker.Mark(additionalRoots, ignoredRefs, rootOwners);
        phases?.End("mark", live.Count);
        ReleaseTransientMemory();
        var sweep = ObjectSweepPlanner.Plan(_repository, live);
        phases?.End("scan", sweep.Removals.Count);
        ReleaseTransientMemory();
        if (sweep.LiveFound < live.Count)
            throw marker.MissingObjects(live.Where(id => !_repository.HasObject(id)).ToList());
        Func<string, bool> removed = sweep.Removals is ObjectRemovals packed
            ? packed.Contains
            : new HashSet<string>(sweep.Removals.Select(r => r.Path), StringComparer.Ordinal).Contains;
        var broken = BrokenLinkPlanner.Plan(_repository, removed, ignoredRefs);
        phases?.End("links", broken.Count);
        return new GarbageCollectionPlan(sweep, broken, live.Count);
    }

    /// <summary>
    /// A full, compacting collection between phases: what a phase leaves behind (the marker's chunks, the images'
    /// inodes, the sweep's path strings) would otherwise sit in the heap while the next phase grows it, and the
    /// peak resident size is the sum. A few milliseconds against a phase of seconds.
    /// </summary>
    private static void ReleaseTransientMemory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Carries out a plan made while <see cref="LockExclusive"/> was held (it still must be).</summary>
    public GarbageCollectionResult Execute(GarbageCollectionPlan plan)
    {
        if (!_repository.Lock.IsExclusive)
            throw new InvalidOperationException("the repository GC executes only under the exclusive lock");
        var phases = GcPhaseTimer.FromEnvironment();
        EnsureNoSymlinks(plan);
        var result = ExecuteLocked(plan, _repository.Path, _repository.Faults);
        phases?.End("unlink", result.ObjectsRemoved);
        return result;
    }

    /// <summary>Every folder the sweep deletes in is reached from the repository without a symbolic link.</summary>
    private void EnsureNoSymlinks(GarbageCollectionPlan plan)
    {
        foreach (var directory in RemovalGroups(plan.Sweep.Removals).Select(g => g.Directory)
                     .Concat(plan.Sweep.Leftovers.Select(l => Path.GetDirectoryName(l.Path)!))
                     .Concat(plan.BrokenLinks.Select(l => Path.GetDirectoryName(l.Path)!))
                     .Distinct(StringComparer.Ordinal))
            _repository.EnsureNoSymlinks(directory);
    }

    /// <summary>The removals by directory: each objects/XX with its file names and sizes.</summary>
    private static IEnumerable<RemovalGroup> RemovalGroups(IReadOnlyList<PlannedRemoval> removals)
    {
        if (removals is ObjectRemovals packed)
            return packed.Directories.Select(d => new RemovalGroup(d.Path, d.Count, d.NameAt, d.SizeAt));
        return removals.GroupBy(r => Path.GetDirectoryName(r.Path)!).Select(g =>
        {
            var list = g.ToList();
            return new RemovalGroup(g.Key, list.Count, i => Path.GetFileName(list[i].Path), i => list[i].Size);
        });
    }

    private sealed record RemovalGroup(string Directory, int Count, Func<int, string> NameAt, Func<int, long> SizeAt);

    private static GarbageCollectionResult ExecuteLocked(GarbageCollectionPlan plan, string repositoryPath,
        IFaultPoints faults)
    {
        var errors = new ConcurrentBag<string>();
        long removed = 0, bytes = 0;
        var byDirectory = RemovalGroups(plan.Sweep.Removals).ToList();
        WorkerThreads.ForEach(byDirectory.Count, UnlinkParallelism, index =>
        {
            var group = byDirectory[index];
            long localRemoved = 0, localBytes = 0;
            // Unlinking relative to the objects/XX handle, opened without following a link, means the directory
            // cannot be swapped for a link to somewhere else between the check and the removals.
            SafeFileHandle directory;
            try
            {
                directory = NoFollowResolver.OpenDirectory(repositoryPath, group.Directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(e.Message);
                return;
            }
            using (directory)
            {
                for (int i = 0; i < group.Count; i++)
                {
                    try
                    {
                        faults.Reached("gc-remove-object");
                        string name = group.NameAt(i);
                        if (NoFollowResolver.UnlinkFile(directory, name, Path.Combine(group.Directory, name)))
                        {
                            localRemoved++;
                            localBytes += group.SizeAt(i);
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        errors.Add(e.Message);
                    }
                }
            }
            Interlocked.Add(ref removed, localRemoved);
            Interlocked.Add(ref bytes, localBytes);
        });

        long leftovers = 0, leftoverBytes = 0;
        foreach (var leftover in plan.Sweep.Leftovers)
        {
            try
            {
                File.Delete(leftover.Path);
                leftovers++;
                leftoverBytes += leftover.Size;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{leftover.Path}: {e.Message}");
            }
        }

        long images = 0, streams = 0;
        foreach (var link in plan.BrokenLinks)
        {
            try
            {
                // Re-check: only a symlink that really no longer resolves is removed.
                if (new FileInfo(link.Path).LinkTarget is null || SymlinkResolves(link.Path)) continue;
                faults.Reached("gc-prune-link");
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
            LeftoversRemoved = leftovers,
            LeftoverBytesFreed = leftoverBytes,
            Skipped = plan.Sweep.Skipped,
            Errors = errors.OrderBy(e => e, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// Whether following the symlink chain ends at something that exists (File.Exists is true for a broken link).
    /// </summary>
    internal static bool SymlinkResolves(string path)
    {
        try
        {
            var final = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return final is null
                ? File.Exists(path) || Directory.Exists(path)
                : final.Exists || Directory.Exists(final.FullName);
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

/// <param name="Leftovers">
/// Temporary files an interrupted writer left in objects/ (see <see cref="ObjectTempFiles"/>).
/// </param>
/// <param name="LiveFound">How many live objects the sweep saw: fewer than the live set means some are missing.</param>
public sealed record SweepPlan(IReadOnlyList<PlannedRemoval> Removals, IReadOnlyList<string> Skipped,
    IReadOnlyList<PlannedRemoval> Leftovers, long LiveFound);

public sealed record GarbageCollectionPlan(SweepPlan Sweep, IReadOnlyList<PlannedLinkPrune> BrokenLinks, long LiveCount)
{
    public GarbageCollectionResult Report(bool dryRun) => new()
    {
        DryRun = dryRun,
        ObjectsRemoved = Sweep.Removals.Count,
        BytesFreed = Sweep.Removals is ObjectRemovals packed ? packed.TotalBytes : Sweep.Removals.Sum(r => r.Size),
        ImagesPruned = BrokenLinks.Count(l => l.Category == ComposefsRepository.ImagesDirectory),
        StreamsPruned = BrokenLinks.Count(l => l.Category == ComposefsRepository.StreamsDirectory),
        ObjectsKept = LiveCount,
        LeftoversRemoved = Sweep.Leftovers.Count,
        LeftoverBytesFreed = Sweep.Leftovers.Sum(r => r.Size),
        Skipped = Sweep.Skipped,
        Errors = [],
    };
}
