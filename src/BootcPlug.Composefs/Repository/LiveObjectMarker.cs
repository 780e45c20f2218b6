using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// The mark phase of GC: finds the roots and every object they keep alive. Images keep their metacopy objects
/// (and redirect targets where an image carries no digests); streams keep their object and stream refs and,
/// recursively, the streams their named refs point at; an image reached through a named ref keeps its objects
/// too. An image is trusted as a root only once <see cref="ImageRootCheck"/> has verified its link, its object
/// and its fs-verity digest. Anything unexpected throws <see cref="GarbageCollectionException"/>. The live ids
/// are collected packed (<see cref="ObjectIdSetBuilder"/>, duplicates included) and sorted once at the end.
/// </summary>
internal sealed class LiveObjectMarker(ComposefsRepository repository)
{
    private readonly ObjectIdSetBuilder _live = new(repository.Algorithm);
    private readonly HashSet<ObjectId> _markedImages = new();
    private readonly HashSet<string> _walkedStreams = new(StringComparer.Ordinal);
    /// <summary>Every root walked, in order, to say which one names an object that turns out to be missing.</summary>
    private readonly List<(string Label, ObjectId Id, bool IsImage)> _walked = new();
    private Dictionary<string, ObjectId> _images = new();
    private Dictionary<string, ObjectId> _streams = new();
    private Dictionary<ObjectId, string> _streamNames = new();
    private IReadOnlySet<string> _ignoredRefs = new HashSet<string>();
    private IReadOnlyDictionary<string, string> _owners = new Dictionary<string, string>();

    /// <param name="additionalRoots">Names in images/ or streams/ that are live besides the refs.</param>
    /// <param name="ignoredRefs">
    /// Full paths of ref links the caller removes before the sweep; they root nothing.
    /// </param>
    /// <param name="rootOwners">
    /// For additional roots that something outside the repository keeps alive (a host's deployment): who, for the
    /// messages. Such a root must be a verified image; a missing one is doubt, not an unknown name.
    /// </param>
    public ObjectIdSet Mark(IEnumerable<string> additionalRoots, IReadOnlySet<string>? ignoredRefs = null,
        IReadOnlyDictionary<string, string>? rootOwners = null)
    {
        _ignoredRefs = ignoredRefs ?? new HashSet<string>();
        _owners = rootOwners ?? new Dictionary<string, string>();
        _images = ReadCategory(ComposefsRepository.ImagesDirectory);
        _streams = ReadCategory(ComposefsRepository.StreamsDirectory);
        _streamNames = new Dictionary<ObjectId, string>();
        foreach (var (name, id) in _streams.OrderBy(p => p.Key, StringComparer.Ordinal)) _streamNames.TryAdd(id, name);

        var imageRoots = new SortedSet<string>(ReadRefs(ComposefsRepository.ImagesDirectory, _images),
            StringComparer.Ordinal);
        var streamRoots = new SortedSet<string>(ReadRefs(ComposefsRepository.StreamsDirectory, _streams),
            StringComparer.Ordinal);
        foreach (var root in additionalRoots)
        {
            if (_owners.ContainsKey(root))
            {
                imageRoots.Add(root);   // MarkRootImage checks its link: a missing one is doubt about the owner
                continue;
            }
            bool found = false;
            if (_images.ContainsKey(root)) { imageRoots.Add(root); found = true; }
            if (_streams.ContainsKey(root)) { streamRoots.Add(root); found = true; }
            if (!found)
                throw new GarbageCollectionException(
                    $"additional root '{root}' names no entry in {ComposefsRepository.ImagesDirectory}/ "
                    + $"or {ComposefsRepository.StreamsDirectory}/; nothing deleted");
        }

        foreach (var name in imageRoots) MarkRootImage(name);
        foreach (var name in streamRoots) WalkStream(name);
        return _live.Build();
    }

    /// <summary>
    /// The error for live objects the sweep did not find: names the first root (in marking order) that names one.
    /// </summary>
    public GarbageCollectionException MissingObjects(IReadOnlyCollection<ObjectId> missing)
    {
        var wanted = missing.ToHashSet();
        foreach (var (label, id, isImage) in _walked)
        {
            IEnumerable<ObjectId> references = isImage
                ? ImageObjectReferences.CollectFile(repository.ObjectPath(id), repository.Algorithm)
                : StreamReferences(Splitstream.ParseFile(repository.ObjectPath(id), repository.Algorithm));
            foreach (var reference in references.Where(wanted.Contains))
                return new GarbageCollectionException(
                    $"{label}: names object {repository.ObjectPath(reference)}, which is missing; nothing deleted");
        }
        return new GarbageCollectionException(missing.Count > 0
            ? $"a live object is missing: {repository.ObjectPath(missing.First())}; nothing deleted"
            : $"{Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory)}: "
                + "a live object is not a regular file; nothing deleted");
    }

    private static IEnumerable<ObjectId> StreamReferences(Splitstream stream) =>
        stream.ObjectRefs.Concat(stream.StreamRefs).Concat(stream.NamedRefs.Select(r => r.Target));

    private static GarbageCollectionException Doubt(string? owner, ImageDoubtException e) =>
        new(owner is null ? $"{e.Message}; nothing deleted" : $"{owner}: {e.Message}; nothing deleted", e);

    /// <summary>First-level symlinks of images/ or streams/ (refs/ excluded), by name.</summary>
    private Dictionary<string, ObjectId> ReadCategory(string category)
    {
        var entries = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        string directory = Path.Combine(repository.Path, category);
        if (!Directory.Exists(directory)) return entries;
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            string relative = $"{category}/{entry.Name}";
            if (entry.LinkTarget is not { } target)
            {
                if (entry.Name == ComposefsRepository.RefsDirectory && entry is DirectoryInfo) continue;
                throw new GarbageCollectionException($"{relative}: not a symlink; nothing deleted");
            }
            if (!ObjectId.TryParsePathName(repository.Algorithm, target, out var id))
                throw new GarbageCollectionException(
                    $"{relative}: symlink target '{target}' does not name a {repository.Algorithm.ShortName()} "
                    + "object; nothing deleted");
            entries[entry.Name] = id;
        }
        return entries;
    }

    /// <summary>The first-level names that the symlinks under CATEGORY/refs point at (by target basename).</summary>
    private List<string> ReadRefs(string category, Dictionary<string, ObjectId> entries)
    {
        var names = new List<string>();
        string refs = Path.Combine(repository.Path, category, ComposefsRepository.RefsDirectory);
        if (!Directory.Exists(refs)) return names;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(refs));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                string relative = Path.GetRelativePath(repository.Path, entry.FullName);
                if (_ignoredRefs.Contains(entry.FullName)) continue;
                if (entry.LinkTarget is { } target)
                {
                    string name = Path.GetFileName(target);
                    if (!entries.ContainsKey(name))
                        throw new GarbageCollectionException(
                            $"{relative}: dangling ref (target {category}/{name} does not exist); nothing deleted");
                    names.Add(name);
                }
                else if (entry is DirectoryInfo directory)
                {
                    pending.Push(directory);
                }
                else
                {
                    throw new GarbageCollectionException(
                        $"{relative}: unexpected file in refs (only symlinks and directories belong there); "
                        + "nothing deleted");
                }
            }
        }
        return names;
    }

    /// <summary>A root named in images/: its link must lead to its own object before the image is trusted.</summary>
    private void MarkRootImage(string name)
    {
        string? owner = _owners.GetValueOrDefault(name);
        ObjectId id;
        try
        {
            id = ImageRootCheck.CheckLink(repository, name);
        }
        catch (ImageDoubtException e)
        {
            throw Doubt(owner, e);
        }
        string link = ImageRootCheck.LinkPath(repository, name);
        MarkImage(owner is null ? link : $"{owner} ({link})", id);
    }

    private void MarkImage(string label, ObjectId id)
    {
        _live.Add(id);
        if (!_markedImages.Add(id)) return;
        try
        {
            ImageRootCheck.AddReferences(repository, id, verifyDigest: true, _live);
        }
        catch (ImageDoubtException e)
        {
            throw Doubt(label, e);
        }
        _walked.Add((label, id, true));
    }

    private void WalkStream(string name)
    {
        if (!_walkedStreams.Add(name)) return;
        var id = _streams[name];
        _live.Add(id);
        string label = $"{ComposefsRepository.StreamsDirectory}/{name}";
        string path = repository.ObjectPath(id);
        if (!File.Exists(path))
            throw new GarbageCollectionException(
                $"{label}: stream object {ComposefsRepository.ObjectsDirectory}/{id.ToObjectPathName()} "
                + "is missing; nothing deleted");
        Splitstream stream;
        try
        {
            stream = Splitstream.ParseFile(path, repository.Algorithm);
        }
        catch (ComposefsFormatException e)
        {
            throw new GarbageCollectionException($"{label}: cannot read splitstream: {e.Message}; nothing deleted", e);
        }
        _walked.Add((label, id, false));
        _live.AddRange(stream.ObjectRefs);
        _live.AddRange(stream.StreamRefs);
        foreach (var namedRef in stream.NamedRefs)
        {
            _live.Add(namedRef.Target);
            if (_streamNames.TryGetValue(namedRef.Target, out var streamName))
                WalkStream(streamName);
            else if (LooksLikeImage(namedRef.Target))
                MarkImage($"{label} (named ref '{namedRef.Name}')", namedRef.Target);
        }
    }

    /// <summary>An existing object that starts with the composefs image magic.</summary>
    private bool LooksLikeImage(ObjectId id)
    {
        try
        {
            using var file = File.OpenHandle(repository.ObjectPath(id));
            Span<byte> magic = stackalloc byte[4];
            return RandomAccess.Read(file, magic, 0) == 4
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(magic) == ErofsFormat.ComposefsMagic;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }
}
