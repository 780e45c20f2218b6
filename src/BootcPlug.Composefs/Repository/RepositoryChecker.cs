using System.Collections.Concurrent;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>One problem found by <see cref="RepositoryChecker"/>.</summary>
public sealed record FsckProblem(string Type, string Message);

/// <summary>The result of checking a repository.</summary>
public sealed record FsckReport(
    int ObjectsChecked, int ObjectsCorrupted, int ImagesChecked, int StreamsChecked, int BrokenLinks,
    int MissingObjects,
    IReadOnlyList<FsckProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Verifies a repository: every object's fs-verity digest equals its name (checked in parallel), every image and
/// stream parses and its referenced objects exist, and no symlink is broken.
/// </summary>
public static class RepositoryChecker
{
    public static FsckReport Check(ComposefsRepository repository)
    {
        var problems = new ConcurrentBag<FsckProblem>();
        var (checkedObjects, corrupted) = CheckObjects(repository, problems);
        int brokenLinks = 0, missing = 0, images = 0, streams = 0;
        foreach (var category in new[] { ComposefsRepository.ImagesDirectory, ComposefsRepository.StreamsDirectory })
        {
            string directory = Path.Combine(repository.Path, category);
            if (!Directory.Exists(directory)) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(entry);
                string relative = Path.GetRelativePath(repository.Path, entry);
                if (info.LinkTarget is null)
                {
                    if (!Directory.Exists(entry))
                        problems.Add(new FsckProblem("unexpected-file", $"{relative}: not a symlink"));
                    continue;
                }
                if (!RepositoryGarbageCollector.SymlinkResolves(entry))
                {
                    brokenLinks++;
                    problems.Add(new FsckProblem("broken-link", $"{relative} -> {info.LinkTarget}: broken symlink"));
                    continue;
                }
                if (Path.GetDirectoryName(entry) != directory) continue;
                if (!ObjectId.TryParsePathName(repository.Algorithm, info.LinkTarget, out var id))
                {
                    problems.Add(new FsckProblem("bad-link", $"{relative}: target {info.LinkTarget} is not an object"));
                    continue;
                }
                IEnumerable<ObjectId> references;
                try
                {
                    if (category == ComposefsRepository.ImagesDirectory)
                    {
                        images++;
                        references = ImageObjectReferences.CollectFile(repository.ObjectPath(id), repository.Algorithm);
                    }
                    else
                    {
                        streams++;
                        var stream = Splitstream.ParseFile(repository.ObjectPath(id), repository.Algorithm);
                        references = stream.ObjectRefs.Concat(stream.StreamRefs);
                    }
                }
                catch (ComposefsFormatException e)
                {
                    problems.Add(new FsckProblem(
                        category == ComposefsRepository.ImagesDirectory ? "bad-image" : "bad-stream", e.Message));
                    continue;
                }
                foreach (var reference in references.Where(r => !repository.HasObject(r)))
                {
                    missing++;
                    problems.Add(new FsckProblem("missing-object",
                        $"{relative}: refers to missing object {reference.ToObjectPathName()}"));
                }
            }
        }
        var ordered = problems.OrderBy(p => p.Message, StringComparer.Ordinal).ToList();
        return new FsckReport(checkedObjects, corrupted, images, streams, brokenLinks, missing, ordered);
    }

    private static (int Checked, int Corrupted) CheckObjects(ComposefsRepository repository,
        ConcurrentBag<FsckProblem> problems)
    {
        string objects = Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory);
        if (!Directory.Exists(objects)) return (0, 0);
        var files = Directory.EnumerateDirectories(objects)
            .Where(d => Path.GetFileName(d).Length == 2)
            .SelectMany(Directory.EnumerateFiles).ToList();
        int checkedCount = 0, corrupted = 0;
        Parallel.ForEach(files, file =>
        {
            string relative = Path.GetRelativePath(repository.Path, file);
            string directory = Path.GetFileName(Path.GetDirectoryName(file))!;
            if (!ObjectId.TryParseDirectoryAndName(repository.Algorithm, directory, Path.GetFileName(file),
                out var expected))
            {
                problems.Add(new FsckProblem("bad-object-name", $"{relative}: not an object name"));
                return;
            }
            Interlocked.Increment(ref checkedCount);
            try
            {
                var actual = FsVerityDigester.MeasureOrComputeFile(repository.Algorithm, file);
                if (actual != expected)
                {
                    Interlocked.Increment(ref corrupted);
                    problems.Add(new FsckProblem("corrupt-object", $"{relative}: content digest is {actual.ToHex()}"));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref corrupted);
                problems.Add(new FsckProblem("unreadable-object", $"{relative}: {e.Message}"));
            }
        });
        return (checkedCount, corrupted);
    }
}
