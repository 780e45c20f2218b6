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
    public static SweepPlan Plan(ComposefsRepository repository, HashSet<ObjectId> live)
    {
        string objects = Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory);
        var removals = new ConcurrentBag<PlannedRemoval>();
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
        Parallel.ForEach(directories, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            directory =>
            {
                string full = Path.Combine(objects, directory);
                long found = 0;
                foreach (var (name, isDirectory) in EnumerateNames(full))
                {
                    string path = Path.Combine(full, name);
                    if (!isDirectory && IsLowerHex(name)
                        && ObjectId.TryParseDirectoryAndName(repository.Algorithm, directory, name, out var id))
                    {
                        if (live.Contains(id))
                        {
                            found++;
                            continue;
                        }
                        // Only garbage is stat'ed (one lstat): for its size, and to leave anything
                        // but a regular file alone.
                        var status = FileStatus.Lstat(path);
                        if (status.Type == ErofsFormat.TypeRegular)
                        {
                            removals.Add(new PlannedRemoval(path, (long)status.Size));
                            continue;
                        }
                    }
                    else if (TryLeftover(path, name) is { } leftover)
                    {
                        leftovers.Add(leftover);
                        continue;
                    }
                    skipped.Add(
                        $"{ComposefsRepository.ObjectsDirectory}/{directory}/{name}: not an object name; left alone");
                }
                Interlocked.Add(ref liveFound, found);
            });
        return new SweepPlan(
            removals.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(),
            skipped.OrderBy(s => s, StringComparer.Ordinal).ToList(),
            leftovers.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(),
            liveFound);
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

    /// <summary>Names and directory flags from readdir alone (d_type), without a stat per entry.</summary>
    private static IEnumerable<(string Name, bool IsDirectory)> EnumerateNames(string directory) =>
        new FileSystemEnumerable<(string, bool)>(
            directory, (ref FileSystemEntry e) => (e.FileName.ToString(), e.IsDirectory), AllEntries);

    private static bool IsObjectDirectoryName(string name) => name.Length == 2 && IsLowerHex(name);

    private static bool IsLowerHex(string name)
    {
        foreach (char c in name)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return name.Length > 0;
    }
}
