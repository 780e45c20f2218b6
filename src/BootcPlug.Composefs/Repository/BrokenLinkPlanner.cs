namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Finds the symlinks of images/ and streams/ (first level, then refs/ recursively) that will not resolve once
/// the planned objects are gone, so that a dry run counts exactly what the real run prunes.
/// </summary>
internal static class BrokenLinkPlanner
{
    private const int MaxLinkDepth = 40;

    /// <param name="ignoredRefs">
    /// Ref links the caller removes itself before the sweep: gone, but not counted here.
    /// </param>
    /// <param name="removed">Whether a path is one the sweep removes.</param>
    public static List<PlannedLinkPrune> Plan(ComposefsRepository repository, Func<string, bool> removed,
        IReadOnlySet<string>? ignoredRefs = null)
    {
        var pruned = new List<PlannedLinkPrune>();
        var gone = new GonePaths(removed);
        if (ignoredRefs is not null) gone.UnionWith(ignoredRefs);
        foreach (var category in new[] { ComposefsRepository.ImagesDirectory, ComposefsRepository.StreamsDirectory })
        {
            string directory = Path.Combine(repository.Path, category);
            if (!Directory.Exists(directory)) continue;
            var firstLevel = new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Where(e => e.LinkTarget is not null).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            foreach (var link in firstLevel) Consider(link.FullName, category, gone, pruned);
            string refs = Path.Combine(directory, ComposefsRepository.RefsDirectory);
            if (!Directory.Exists(refs) || new DirectoryInfo(refs).LinkTarget is not null) continue;
            foreach (var link in SymlinksUnder(refs)) Consider(link, category, gone, pruned);
        }
        return pruned;
    }

    private static void Consider(string link, string category, GonePaths gone, List<PlannedLinkPrune> pruned)
    {
        if (gone.Contains(link) || WillResolve(link, gone)) return;
        pruned.Add(new PlannedLinkPrune(link, category));
        gone.Add(link);
    }

    private static IEnumerable<string> SymlinksUnder(string directory)
    {
        var result = new List<string>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(directory));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) result.Add(entry.FullName);
                else if (entry is DirectoryInfo child) pending.Push(child);
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Follows the link chain lexically; it breaks if it reaches a path that is (or will be) gone.</summary>
    private static bool WillResolve(string path, GonePaths gone)
    {
        if (!RepositoryGarbageCollector.SymlinkResolves(path)) return false;
        string current = path;
        for (int depth = 0; depth < MaxLinkDepth; depth++)
        {
            if (gone.Contains(current)) return false;
            var info = new FileInfo(current);
            if (info.LinkTarget is { } target)
            {
                current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, target));
                continue;
            }
            return File.Exists(current) || Directory.Exists(current);
        }
        return false;
    }

    /// <summary>The paths that will be gone: the sweep's removals, and the links added here.</summary>
    private sealed class GonePaths(Func<string, bool> removed)
    {
        private readonly HashSet<string> _others = new(StringComparer.Ordinal);

        public bool Contains(string path) => _others.Contains(path) || removed(path);

        public void Add(string path) => _others.Add(path);

        public void UnionWith(IEnumerable<string> paths) => _others.UnionWith(paths);
    }
}
