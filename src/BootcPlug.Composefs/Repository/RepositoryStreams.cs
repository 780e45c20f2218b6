using BootcPlug.Composefs.FsVerity;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// The <c>streams/</c> category of a repository: first-level links <c>streams/&lt;content id&gt;</c> to splitstream
/// objects, and <c>streams/refs/…</c> links to them (GC roots).
/// </summary>
internal static class RepositoryStreams
{
    private static string StreamsDirectory(ComposefsRepository repository) =>
        Path.Combine(repository.Path, ComposefsRepository.StreamsDirectory);

    /// <summary>The object a first-level stream link names, or null when there is no such link.</summary>
    public static ObjectId? Find(ComposefsRepository repository, string contentId)
    {
        ValidateContentId(contentId);
        string link = Path.Combine(StreamsDirectory(repository), contentId);
        repository.EnsureNoSymlinks(StreamsDirectory(repository));
        var info = new FileInfo(link);
        if (info.LinkTarget is not { } target) return null;
        if (!target.StartsWith("../", StringComparison.Ordinal)
            || !ObjectId.TryParsePathName(repository.Algorithm, target, out var id))
            throw new ComposefsFormatException(link, null, $"stream link target '{target}' is not an object path");
        return id;
    }

    /// <summary>
    /// Stores a finished splitstream as an object (not yet durable: call <see cref="ComposefsRepository.Sync"/>
    /// before <see cref="Link"/>).
    /// </summary>
    public static ObjectId Store(ComposefsRepository repository, SplitstreamWriter writer) =>
        repository.StoreObject(writer.Finish());

    /// <summary>Points <c>streams/&lt;content id&gt;</c> at <paramref name="id"/> (durably).</summary>
    public static void Link(ComposefsRepository repository, string contentId, ObjectId id)
    {
        ValidateContentId(contentId);
        string directory = StreamsDirectory(repository);
        repository.EnsureNoSymlinks(directory);
        new DurableFiles(repository.Faults).Beneath(repository.Path).ReplaceSymlink(
            Path.Combine(directory, contentId),
            "../" + ComposefsRepository.ObjectsDirectory + "/" + id.ToObjectPathName());
    }

    /// <summary>Reads the splitstream object <paramref name="id"/>.</summary>
    public static byte[] Read(ComposefsRepository repository, ObjectId id)
    {
        string path = repository.ObjectPath(id);
        repository.EnsureNoSymlinks(Path.GetDirectoryName(path)!);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ComposefsFormatException(path, null, "cannot read splitstream object: " + e.Message, e);
        }
    }

    private static void ValidateContentId(string contentId)
    {
        if (contentId.Length == 0 || contentId.Contains('/') || contentId.Contains('\0')
            || contentId is "." or ".." or ComposefsRepository.RefsDirectory)
            throw new ArgumentException($"invalid stream content id '{contentId}'");
    }
}
