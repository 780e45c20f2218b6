using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Something about an image that makes it unfit to be trusted as a root: the file, and what is wrong.
/// </summary>
public sealed class ImageDoubtException(string file, string problem, Exception? inner = null)
    : Exception($"{file}: {problem}", inner)
{
    public string File { get; } = file;
    public string Problem { get; } = problem;
}

/// <summary>
/// What makes an image fit to be trusted as a GC root: <c>images/NAME</c> is a symlink to the object named by
/// NAME itself, that object is a regular file, its fs-verity digest is NAME, and it parses as an image. Each
/// check throws <see cref="ImageDoubtException"/> naming the file at fault.
/// </summary>
public static class ImageRootCheck
{
    /// <summary>
    /// The id <c>images/NAME</c> must lead to: the link exists and resolves to <c>objects/</c> of NAME's own id.
    /// </summary>
    public static ObjectId CheckLink(ComposefsRepository repository, string name)
    {
        string link = LinkPath(repository, name);
        if (!ObjectId.TryParseHex(repository.Algorithm, name, out var id))
            throw new ImageDoubtException(link, $"'{name}' is not a {repository.Algorithm.ShortName()} image id");
        var info = new FileInfo(link);
        if (info.LinkTarget is not { } target)
            throw new ImageDoubtException(
                link, info.Exists || Directory.Exists(link) ? "not a symlink" : "missing (the image link)");
        string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, target));
        if (resolved != repository.ObjectPath(id))
            throw new ImageDoubtException(link,
                $"points at {target}, not at its own object "
                + $"{ComposefsRepository.ObjectsDirectory}/{id.ToObjectPathName()}");
        return id;
    }

    /// <summary>
    /// The objects image <paramref name="id"/> names, after checking that its object is a regular file whose
    /// content parses (and, with <paramref name="verifyDigest"/>, whose fs-verity digest is <paramref name="id"/>).
    /// </summary>
    public static HashSet<ObjectId> ReadReferences(ComposefsRepository repository, ObjectId id, bool verifyDigest) =>
        ReadReferences(repository, id, verifyDigest,
            path => ImageObjectReferences.CollectFile(path, repository.Algorithm));

    /// <summary>
    /// As <see cref="ReadReferences(ComposefsRepository, ObjectId, bool)"/>, adding the objects to a packed builder
    /// of the repository's algorithm instead of returning a set of ids.
    /// </summary>
    public static void AddReferences(ComposefsRepository repository, ObjectId id, bool verifyDigest,
        ObjectIdSetBuilder references) =>
        ReadReferences(repository, id, verifyDigest, path =>
        {
            using var image = ErofsImage.OpenFile(path);
            ImageObjectReferences.CollectInto(image, references);
            return true;
        });

    private static T ReadReferences<T>(ComposefsRepository repository, ObjectId id, bool verifyDigest,
        Func<string, T> collect)
    {
        string path = repository.ObjectPath(id);
        try
        {
            var status = FileStatus.Lstat(path);
            if (status.Type != ErofsFormat.TypeRegular)
                throw new ImageDoubtException(path, "image object is not a regular file");
            if (verifyDigest)
            {
                var actual = FsVerityDigester.MeasureOrComputeFile(repository.Algorithm, path);
                if (actual != id)
                    throw new ImageDoubtException(path,
                        $"image object's fs-verity digest is {actual.ToHex()}, not its name");
            }
            return collect(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException
            || e is IOException { HResult: NoSuchFile })
        {
            throw new ImageDoubtException(path, "image object is missing", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDoubtException(path, $"image object cannot be read: {e.Message}", e);
        }
        catch (ComposefsFormatException e)
        {
            throw new ImageDoubtException(path, $"not a readable image: {e.Message}", e);
        }
    }

    /// <summary>
    /// The first object <paramref name="references"/> names that the repository does not hold, if any.
    /// </summary>
    public static ObjectId? FirstMissing(ComposefsRepository repository, IEnumerable<ObjectId> references) =>
        references.Select(r => (ObjectId?)r).FirstOrDefault(r => !File.Exists(repository.ObjectPath(r!.Value)));

    private const int NoSuchFile = 2; // ENOENT, as statx reports it

    public static string LinkPath(ComposefsRepository repository, string name) =>
        Path.Combine(repository.Path, ComposefsRepository.ImagesDirectory, name);
}
