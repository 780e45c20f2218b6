using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Platform;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// An open composefs repository: <c>meta.json</c>, content-addressed <c>objects/XX/rest</c>, and the
/// <c>images/</c> and <c>streams/</c> symlink categories with their <c>refs/</c>. Holds a shared lock while open.
/// </summary>
public sealed class ComposefsRepository : IDisposable
{
    public const string ObjectsDirectory = "objects";
    public const string ImagesDirectory = "images";
    public const string StreamsDirectory = "streams";
    public const string RefsDirectory = "refs";

    private const UnixFileMode MetadataMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly RepositoryLock _lock;
    private readonly DurableFiles _files;
    private readonly ObjectVerity _verity;

    private ComposefsRepository(string path, RepositoryMetadata metadata, RepositoryLock repositoryLock,
        IFaultPoints faults)
    {
        Path = path;
        Metadata = metadata;
        _lock = repositoryLock;
        Faults = faults;
        _files = Files(path, faults);
        _verity = new ObjectVerity(metadata.Algorithm, System.IO.Path.Combine(path, RepositoryMetadata.FileName));
    }

    /// <summary>
    /// Whether the kernel guards this repository's files with fs-verity: meta.json has it (as composefs-rs marks a
    /// secure repository), or an object written in this run got it. False where the filesystem cannot: then a
    /// deployment must boot with missing verity allowed (<c>composefs=?</c>).
    /// </summary>
    public bool KernelVerity => _verity.Available;

    /// <summary>
    /// Where object storage, image commit and the sweep report their steps ("repo:STEP"), so that a crash sweep can
    /// stop them there.
    /// </summary>
    internal IFaultPoints Faults { get; }

    private static DurableFiles Files(string path, IFaultPoints faults) => new DurableFiles(faults).Beneath(path);

    private static IFaultPoints RepositoryFaults(IFaultPoints? faults) =>
        (faults ?? FaultPoints.None).WithPrefix("repo:");

    public string Path { get; }
    public RepositoryMetadata Metadata { get; }
    public FsVerityAlgorithm Algorithm => Metadata.Algorithm;
    public RepositoryLock Lock => _lock;
    public string MetadataPath => System.IO.Path.Combine(Path, RepositoryMetadata.FileName);

    /// <summary>The EROFS format meta.json asks new images to be written in (an error when none can be).</summary>
    public ErofsFormatVersion ImageFormat => Metadata.WritableImageFormat(MetadataPath);

    /// <summary>
    /// Creates the directory (mode 0700) and meta.json (EROFS format V1 with the <c>v1_erofs</c> flag, as
    /// composefs-rs initializes repositories for bootc); idempotent for the same algorithm.
    /// </summary>
    /// <returns>The repository, and whether it was newly initialized.</returns>
    public static (ComposefsRepository Repository, bool Created) Init(string path, FsVerityAlgorithm algorithm,
        IFaultPoints? faults = null)
    {
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string metaPath = System.IO.Path.Combine(path, RepositoryMetadata.FileName);
        if (File.Exists(metaPath))
        {
            var existing = Open(path, faults: faults);
            if (existing.Algorithm != algorithm)
            {
                existing.Dispose();
                throw new ComposefsFormatException(metaPath, null,
                    $"repository already initialized with algorithm {existing.Algorithm.RepositoryName()}, "
                    + $"not {algorithm.RepositoryName()}");
            }
            return (existing, false);
        }
        var metadata = RepositoryMetadata.Create(algorithm, ErofsFormatVersions.Default);
        Files(path, RepositoryFaults(faults)).WriteFile(metaPath, metadata.ToJson(), MetadataMode);
        ObjectVerity.EnableOnMetadata(metaPath, algorithm);
        return (Open(path, faults: faults), true);
    }

    /// <summary>
    /// What opening does with a repository in the old format (an <c>objects/</c> directory, no meta.json).
    /// </summary>
    private enum OldFormat
    {
        /// <summary>Infer the algorithm from the first object name and write meta.json.</summary>
        Upgrade,

        /// <summary>Refuse it.</summary>
        Refuse,

        /// <summary>Infer the algorithm and write nothing (readers).</summary>
        ReadAsIs,
    }

    /// <summary>
    /// Opens a repository. Without meta.json, a repository in the old format (an <c>objects/</c> directory) is
    /// upgraded: its algorithm is inferred from the first object name and meta.json is written; with
    /// <paramref name="upgrade"/> false it is refused instead. Its steps report to <paramref name="faults"/>.
    /// </summary>
    public static ComposefsRepository Open(string path, FsVerityAlgorithm? expected = null, bool upgrade = true,
        IFaultPoints? faults = null) =>
        Open(path, expected, upgrade ? OldFormat.Upgrade : OldFormat.Refuse, RepositoryFaults(faults));

    /// <summary>
    /// Opens a repository for reading only: an old-format repository is read as it is, and nothing is written.
    /// </summary>
    public static ComposefsRepository OpenForReading(string path) =>
        Open(path, null, OldFormat.ReadAsIs, FaultPoints.None);

    private static ComposefsRepository Open(string path, FsVerityAlgorithm? expected, OldFormat oldFormat,
        IFaultPoints faults)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{path}: no composefs repository here (directory missing)");
        var repositoryLock = RepositoryLock.AcquireShared(path);
        try
        {
            string metaPath = System.IO.Path.Combine(path, RepositoryMetadata.FileName);
            RepositoryMetadata metadata;
            if (File.Exists(metaPath))
            {
                metadata = RepositoryMetadata.Parse(File.ReadAllBytes(metaPath), metaPath);
            }
            else
            {
                string objects = System.IO.Path.Combine(path, ObjectsDirectory);
                if (!Directory.Exists(objects))
                    throw new ComposefsFormatException(metaPath, null,
                        "missing: not a composefs repository (run 'composefs init')");
                if (oldFormat == OldFormat.Refuse)
                    throw new ComposefsFormatException(metaPath, null,
                        "missing: repository is in the old format "
                        + "(any composefs verb that writes, such as create-image, upgrades it)");
                // As composefs-rs writes it on upgrade: the default metadata, so V1 for images committed from now on.
                metadata = RepositoryMetadata.Create(InferAlgorithm(objects, metaPath), ErofsFormatVersions.Default);
                if (oldFormat == OldFormat.Upgrade)
                    Files(path, faults).WriteFile(metaPath, metadata.ToJson(), MetadataMode);
            }
            if (expected is { } wanted && wanted != metadata.Algorithm)
                throw new ComposefsFormatException(metaPath, null,
                    $"repository is configured for {metadata.Algorithm.RepositoryName()}, "
                    + $"not {wanted.RepositoryName()}");
            return new ComposefsRepository(path, metadata, repositoryLock, faults);
        }
        catch
        {
            repositoryLock.Dispose();
            throw;
        }
    }

    /// <summary>The algorithm of an old-format repository: the length of the first object name found.</summary>
    private static FsVerityAlgorithm InferAlgorithm(string objects, string metaPath)
    {
        foreach (var directory in Directory.EnumerateDirectories(objects).Order(StringComparer.Ordinal))
        {
            if (System.IO.Path.GetFileName(directory).Length != 2) continue;
            foreach (var file in Directory.EnumerateFileSystemEntries(directory))
            {
                int length = System.IO.Path.GetFileName(file).Length;
                if (length == 62) return FsVerityAlgorithm.Sha256;
                if (length == 126) return FsVerityAlgorithm.Sha512;
            }
        }
        throw new ComposefsFormatException(metaPath, null,
            "missing, and no objects found in repository — cannot infer metadata");
    }

    public string ObjectPath(ObjectId id) => System.IO.Path.Combine(Path, ObjectsDirectory, id.ToObjectPathName());

    public bool HasObject(ObjectId id) => File.Exists(ObjectPath(id));

    /// <summary>
    /// Stores bytes as an object: written to a temp file in <c>objects/</c>, then renamed into place unless an
    /// object of that id already exists (deduplication). Not fsynced: <see cref="Sync"/> is the barrier before
    /// anything refers to the object.
    /// </summary>
    public ObjectId StoreObject(ReadOnlySpan<byte> content)
    {
        Metadata.EnsureWritable(MetadataPath);
        var id = FsVerityDigester.Compute(Algorithm, content);
        string destination = ObjectPath(id);
        EnsureNoSymlinks(System.IO.Path.GetDirectoryName(destination)!);
        if (File.Exists(destination)) return id;
        string objects = System.IO.Path.Combine(Path, ObjectsDirectory);
        Directory.CreateDirectory(objects);
        string temp = ObjectTempFiles.PathIn(objects);
        try
        {
            using (var stream = new FileStream(temp,
                new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ObjectMode,
                }))
                stream.Write(content);
            Faults.Reached("object-written");
            _verity.Enable(temp, id);
            LinkIntoPlace(temp, destination);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return id;
    }

    /// <summary>Stores a file's content as an object, hashing while copying.</summary>
    public ObjectId StoreObjectFromFile(string source)
    {
        Metadata.EnsureWritable(MetadataPath);
        string objects = System.IO.Path.Combine(Path, ObjectsDirectory);
        EnsureNoSymlinks(objects);
        Directory.CreateDirectory(objects);
        string temp = ObjectTempFiles.PathIn(objects);
        try
        {
            var hasher = new FsVerityHasher(Algorithm);
            using (var input = RegularFile.OpenStream(source, followSymlinks: false))
            using (var output = new FileStream(temp,
                new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ObjectMode,
                }))
            {
                byte[] buffer = new byte[1 << 20];
                int read;
                while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, read));
                    output.Write(buffer, 0, read);
                }
            }
            var id = new ObjectId(Algorithm, hasher.GetDigest());
            string destination = ObjectPath(id);
            Faults.Reached("object-written");
            EnsureNoSymlinks(System.IO.Path.GetDirectoryName(destination)!);
            if (File.Exists(destination)) return id;
            _verity.Enable(temp, id);
            LinkIntoPlace(temp, destination);
            return id;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private const UnixFileMode ObjectMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static void LinkIntoPlace(string temp, string destination)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
        try
        {
            File.Move(temp, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another writer stored the same object first: same id, same content.
        }
    }

    /// <summary>
    /// syncfs of the repository: makes every object written so far durable before symlinks name them.
    /// </summary>
    public void Sync() => LibC.SyncFilesystem(Path);

    /// <summary>
    /// Stores an EROFS image as an object, then (after a sync) links <c>images/&lt;hex&gt;</c> and optionally
    /// <c>images/refs/&lt;name&gt;</c> to it.
    /// </summary>
    public ObjectId CommitImage(ReadOnlySpan<byte> image, string? refName)
    {
        var id = StoreObject(image);
        Faults.Reached("image-stored");
        Sync();
        Faults.Reached("image-synced");
        string hex = id.ToHex();
        string imagesDirectory = System.IO.Path.Combine(Path, ImagesDirectory);
        EnsureNoSymlinks(imagesDirectory);
        _files.ReplaceSymlink(System.IO.Path.Combine(imagesDirectory, hex),
            "../" + ObjectsDirectory + "/" + id.ToObjectPathName());
        if (refName is not null) WriteRef(ImagesDirectory, refName, hex);
        return id;
    }

    /// <summary>
    /// Points <c>CATEGORY/refs/NAME</c> (NAME may contain '/') at the first-level entry <paramref name="target"/>.
    /// </summary>
    public void WriteRef(string category, string name, string target)
    {
        ValidateRefName(name);
        string refPath = System.IO.Path.Combine(Path, category, RefsDirectory, name);
        int depth = name.Count(c => c == '/') + 1;
        string relative = string.Concat(Enumerable.Repeat("../", depth)) + target;
        EnsureNoSymlinks(System.IO.Path.GetDirectoryName(refPath)!);
        _files.ReplaceSymlink(refPath, relative);
    }

    public static void ValidateRefName(string name)
    {
        if (name.Length == 0 || name.StartsWith('/') || name.EndsWith('/') || name.Contains('\0')
            || name.Split('/').Any(part => part.Length == 0 || part == "." || part == ".."))
            throw new ArgumentException($"invalid ref name '{name}'");
    }

    /// <summary>
    /// Finds an image by full hex (<c>images/HEX</c>), by ref (<c>refs/NAME</c> or plain <c>NAME</c> under
    /// images/refs); returns the object path, or null.
    /// </summary>
    public string? FindImage(string name)
    {
        string images = System.IO.Path.Combine(Path, ImagesDirectory);
        var candidates = new List<string>();
        if (!name.Contains('/') && name != RefsDirectory) candidates.Add(System.IO.Path.Combine(images, name));
        if (name.StartsWith(RefsDirectory + "/", StringComparison.Ordinal))
            candidates.Add(System.IO.Path.Combine(images, name));
        else
            candidates.Add(System.IO.Path.Combine(images, RefsDirectory, name));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && IsInside(candidate, images)) return candidate;
        }
        return null;
    }

    private static bool IsInside(string path, string directory) =>
        System.IO.Path.GetFullPath(path)
            .StartsWith(System.IO.Path.GetFullPath(directory) + "/", StringComparison.Ordinal);

    /// <summary>
    /// Refuses to go on when an existing directory between the repository and <paramref name="directory"/> is a
    /// symbolic link: objects, images and refs are written and deleted only inside the repository itself.
    /// </summary>
    internal void EnsureNoSymlinks(string directory) => NoFollowResolver.EnsureNoSymlinks(Path, directory);

    public void Dispose() => _lock.Dispose();
}
