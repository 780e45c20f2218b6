using BootcPlug.Composefs;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Deployments.State;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Explain;

/// <summary>
/// Walks the roots the GC uses (every boot entry, live and staged; every ref under images/refs and streams/refs) down
/// the references the GC follows (entry → deployment → its image, state dir and boot artifact; image → the objects it
/// names; stream → its objects, and what its named refs lead to) and keeps each chain that ends at the target. A
/// separate reader from the GC's marker: it changes nothing and stops at nothing, since a chain it cannot follow
/// is fsck's to report, not a reason to refuse an answer.
/// </summary>
public sealed class ChainWalker
{
    private readonly HostInventory _inventory;
    private readonly ComposefsRepository? _repository;
    private readonly ResolvedTarget _target;
    private readonly List<RootChain> _chains = [];
    private readonly Dictionary<ObjectId, HashSet<ObjectId>> _imageObjects = [];
    private readonly Dictionary<ObjectId, string> _streamNames = [];

    private ChainWalker(HostInventory inventory, ComposefsRepository? repository, ResolvedTarget target)
    {
        _inventory = inventory;
        _repository = repository;
        _target = target;
    }

    /// <summary>Every chain from a root to <paramref name="target"/>, boot entries first.</summary>
    public static IReadOnlyList<RootChain> Chains(HostInventory inventory, ComposefsRepository? repository,
        ResolvedTarget target)
    {
        var walker = new ChainWalker(inventory, repository, target);
        walker.Walk();
        return walker._chains;
    }

    private static ChainStep Step(ChainStepKind kind, string name, string? path = null) =>
        new() { Kind = kind, Name = name, Path = path };

    private void Walk()
    {
        var paths = _inventory.Paths;
        foreach (var entry in _inventory.Entries.All)
        {
            string id = entry.Deployment.Value;
            ChainStep[] root = [Step(ChainStepKind.BootEntry, entry.Id, entry.SourcePath),
                Step(ChainStepKind.Deployment, id)];
            Offer(root, Step(ChainStepKind.StateDir, id, paths.StateDir(entry.Deployment)));
            Offer(root, Step(ChainStepKind.BootArtifact, entry.BootArtifactName));
            Image(root, id);
        }
        if (_repository is null) return;
        string streams = Path.Combine(_repository.Path, ComposefsRepository.StreamsDirectory);
        if (Directory.Exists(streams))
            foreach (var link in new DirectoryInfo(streams).EnumerateFileSystemInfos()
                .OrderBy(l => l.Name, StringComparer.Ordinal))
                if (RepositoryRoots.Target(_repository, ComposefsRepository.StreamsDirectory, link.Name) is { } id)
                    _streamNames.TryAdd(id, link.Name);
        foreach (var reference in RepositoryRoots.Read(_repository, _inventory))
        {
            ChainStep[] root = [Step(reference.Kind, Path.GetRelativePath(_repository.Path, reference.LinkPath),
                reference.LinkPath)];
            if (reference.Kind == ChainStepKind.ImageRef) Image(root, reference.Name);
            else Stream(root, reference.Name, []);
        }
    }

    /// <summary>Adds the chain <paramref name="prefix"/> + <paramref name="step"/> if the step is the target.</summary>
    private bool Offer(IReadOnlyList<ChainStep> prefix, ChainStep step)
    {
        if (!_target.Is(step.Kind, step.Name)) return false;
        _chains.Add(new RootChain { Steps = [.. prefix, step with { Path = step.Path ?? _target.Path }] });
        return true;
    }

    private void Image(IReadOnlyList<ChainStep> prefix, string name)
    {
        if (_repository is null) return;
        var image = Step(ChainStepKind.Image, name,
            Path.Combine(_repository.Path, ComposefsRepository.ImagesDirectory, name));
        if (Offer(prefix, image) || _target.Kind != ChainStepKind.Object) return;
        if (RepositoryRoots.Target(_repository, ComposefsRepository.ImagesDirectory, name) is { } id)
            ImageObject([.. prefix, image], id);
    }

    /// <summary>An image's own object, and the objects it names.</summary>
    private void ImageObject(IReadOnlyList<ChainStep> prefix, ObjectId id)
    {
        if (ObjectOffered(prefix, id)) return;
        if (!_imageObjects.TryGetValue(id, out var objects))
            _imageObjects[id] = objects = ReadImage(id) ?? [];
        if (objects.Contains(Target)) Offer(prefix, Step(ChainStepKind.Object, _target.Name));
    }

    private bool ObjectOffered(IReadOnlyList<ChainStep> prefix, ObjectId id) =>
        Offer(prefix, Step(ChainStepKind.Object, id.ToHex(), _repository!.ObjectPath(id)));

    /// <summary>The objects an image names; null when the object is not a readable image.</summary>
    private HashSet<ObjectId>? ReadImage(ObjectId id)
    {
        try
        {
            return ImageObjectReferences.CollectFile(_repository!.ObjectPath(id), _repository.Algorithm);
        }
        catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Stream(IReadOnlyList<ChainStep> prefix, string name, HashSet<string> visiting)
    {
        if (_repository is null || !visiting.Add(name)) return;
        var stream = Step(ChainStepKind.Stream, name,
            Path.Combine(_repository.Path, ComposefsRepository.StreamsDirectory, name));
        if (RepositoryRoots.Target(_repository, ComposefsRepository.StreamsDirectory, name) is not { } id) return;
        ChainStep[] here = [.. prefix, stream];
        if (ObjectOffered(here, id)) return;
        Splitstream parsed;
        try
        {
            parsed = Splitstream.ParseFile(_repository.ObjectPath(id), _repository.Algorithm);
        }
        catch (Exception e) when (e is ComposefsFormatException or IOException or UnauthorizedAccessException)
        {
            return;
        }
        if (_target.Kind == ChainStepKind.Object)
        {
            if (parsed.ObjectRefs.Contains(Target) || parsed.StreamRefs.Contains(Target))
                Offer(here, Step(ChainStepKind.Object, _target.Name));
        }
        foreach (var named in parsed.NamedRefs)
        {
            if (_streamNames.TryGetValue(named.Target, out var streamName))
                Stream(here, streamName, visiting);
            else if (_target.Kind == ChainStepKind.Image && _target.Name == named.Target.ToHex())
                Offer(here, Step(ChainStepKind.Image, named.Target.ToHex()));
            else if (_target.Kind == ChainStepKind.Object && !ObjectOffered(here, named.Target)
                && NamedImage(named.Target) is { } objects && objects.Contains(Target))
                Offer([.. here, Step(ChainStepKind.Image, named.Target.ToHex(), _repository.ObjectPath(named.Target))],
                    Step(ChainStepKind.Object, _target.Name));
        }
        visiting.Remove(name);
    }

    /// <summary>The target object's id (only for an object target).</summary>
    private ObjectId Target => ObjectId.ParseHex(_repository!.Algorithm, _target.Name);

    /// <summary>
    /// What a named ref's target names when it is an image (the GC keeps an image reached that way alive with its
    /// objects); null for any other object.
    /// </summary>
    private HashSet<ObjectId>? NamedImage(ObjectId id)
    {
        if (_imageObjects.TryGetValue(id, out var known)) return known;
        var objects = ReadImage(id);
        if (objects is not null) _imageObjects[id] = objects;
        return objects;
    }
}
