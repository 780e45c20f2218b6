using System.Collections.Concurrent;
using System.IO.Enumeration;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Lists every object file not in the live set, in parallel across the objects/XX directories. Entries that are
/// not object names (wrong length, upper case, non-hex, not a regular file) are reported and never removed, except
/// regular files named exactly like a writer's temporary file (<see cref="ObjectTempFiles"/>), which are leftovers.
/// </summary>
internal static class ObjectSweepPlanner
{
    /// <summary>
    /// Streams each objects/XX directory (readdir, no list of all paths): a live name costs a parse and a binary
    /// search, garbage one lstat; only the garbage digests and sizes are kept, packed.
    /// </summary>
    public static SweepPlan Plan(ComposefsRepository repository, ObjectIdSet live)
    {
        string objects = Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory);
        var skipped = new ConcurrentBag<string>();
        var leftovers = new ConcurrentBag<PlannedRemoval>();
        long liveFound = 0;
        if (!Directory.Exists(objects)) return new SweepPlan([], [], [], 0);
        var directories = new List<string>();
        foreach (var entry in Enumerate(objects))
        {
            if (entry.IsDirectory && !entry.IsLink && IsObjectDirectoryName(entry.Name)) directories.Add(entry.Name);
            else if (TryLeftover(Path.Combine(objects, entry.Name), entry.Name) is { } leftover)
                leftovers.Add(leftover);
            else
                skipped.Add(
                    $"{ComposefsRepository.ObjectsDirectory}/{entry.Name}: not an object directory; left alone");
        }
        directories.Sort(StringComparer.Ordinal);
        var removals = new ObjectRemovalDirectory?[directories.Count];
        Parallel.For(0, directories.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            index =>
            {
                var scan = new DirectoryScan(repository.Algorithm, Path.Combine(objects, directories[index]),
                    directories[index], live);
                foreach (var name in scan.Run())
                {
                    if (name is null) continue;
                    string path = Path.Combine(scan.Path, name);
                    if (TryLeftover(path, name) is { } leftover)
                    {
                        leftovers.Add(leftover);
                        continue;
                    }
                    skipped.Add($"{ComposefsRepository.ObjectsDirectory}/{directories[index]}/{name}: "
                        + "not an object name; left alone");
                }
                Interlocked.Add(ref liveFound, scan.LiveFound);
                if (scan.GarbageCount > 0) removals[index] = scan.Removals();
            });
        return new SweepPlan(
            new ObjectRemovals(objects, repository.Algorithm, [.. removals.OfType<ObjectRemovalDirectory>()]),
            skipped.OrderBy(s => s, StringComparer.Ordinal).ToList(),
            leftovers.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(),
            liveFound);
    }

    /// <summary>
    /// One objects/XX directory: object names are parsed straight from the directory entry (no string for a live
    /// object); what is not an object of the repository's algorithm comes back by name for the caller to judge.
    /// </summary>
    private sealed class DirectoryScan(FsVerityAlgorithm algorithm, string path, string directoryName,
        ObjectIdSet live)
    {
        private readonly int _digestSize = algorithm.DigestSize();
        private byte[] _garbage = [];
        private long[] _sizes = [];

        public string Path { get; } = path;
        public long LiveFound { get; private set; }
        public int GarbageCount { get; private set; }

        /// <summary>Null for each entry handled here, the name of each entry that is not a regular object.</summary>
        public IEnumerable<string?> Run() =>
            new FileSystemEnumerable<string?>(Path, Visit, AllEntries);

        private string? Visit(ref FileSystemEntry entry)
        {
            var name = entry.FileName;
            Span<byte> digest = stackalloc byte[64];
            digest = digest[.._digestSize];
            if (entry.IsDirectory || name.Length != (_digestSize - 1) * 2
                || !LowerHex.TryParse(directoryName, digest[..1]) || !LowerHex.TryParse(name, digest[1..]))
                return name.ToString();
            if (live.Contains(digest))
            {
                LiveFound++;
                return null;
            }
            // Only garbage is stat'ed (one lstat): for its size, and to leave anything but a regular file alone.
            string nameText = name.ToString();
            var status = FileStatus.Lstat(System.IO.Path.Combine(Path, nameText));
            if (status.Type != ErofsFormat.TypeRegular) return nameText;
            Append(digest, (long)status.Size);
            return null;
        }

        private void Append(ReadOnlySpan<byte> digest, long size)
        {
            if (GarbageCount == _sizes.Length)
            {
                int capacity = Math.Max(64, GarbageCount * 2);
                Array.Resize(ref _sizes, capacity);
                Array.Resize(ref _garbage, capacity * _digestSize);
            }
            digest.CopyTo(_garbage.AsSpan(GarbageCount * _digestSize));
            _sizes[GarbageCount++] = size;
        }

        public ObjectRemovalDirectory Removals() => new(Path, _digestSize, _garbage, _sizes, GarbageCount);
    }

    /// <summary>
    /// A writer's temporary file (by exact name, and a regular file by lstat), or null. Under a shared lock (a dry
    /// run) a running writer may rename its file away meanwhile: then it is no leftover.
    /// </summary>
    private static PlannedRemoval? TryLeftover(string path, string name)
    {
        if (!ObjectTempFiles.IsTempName(name)) return null;
        try
        {
            var status = FileStatus.Lstat(path);
            return status.Type == ErofsFormat.TypeRegular ? new PlannedRemoval(path, (long)status.Size) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink);

    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false,
    };

    private static IEnumerable<Entry> Enumerate(string directory) =>
        new FileSystemEnumerable<Entry>(directory,
            (ref FileSystemEntry e) =>
                new Entry(e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0),
            AllEntries);

    private static bool IsObjectDirectoryName(string name) => name.Length == 2 && IsLowerHex(name);

    private static bool IsLowerHex(string name)
    {
        foreach (char c in name)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return name.Length > 0;
    }
}
