namespace BootcPlug.Composefs.Repository;

/// <summary>What a repository GC removed (or, in a dry run, would remove: the same numbers).</summary>
public sealed record GarbageCollectionResult
{
    public required bool DryRun { get; init; }
    public required long ObjectsRemoved { get; init; }
    public required long BytesFreed { get; init; }
    public required long ImagesPruned { get; init; }
    public required long StreamsPruned { get; init; }
    /// <summary>Live objects kept.</summary>
    public required long ObjectsKept { get; init; }
    /// <summary>Temporary files (objects/.tmp-*, objects/XX/.tmp-*) an interrupted writer left, removed.</summary>
    public required long LeftoversRemoved { get; init; }
    public required long LeftoverBytesFreed { get; init; }
    /// <summary>Entries under objects/ that are not object names: reported and left alone.</summary>
    public required IReadOnlyList<string> Skipped { get; init; }
    /// <summary>Failures while deleting (the mark phase fails as a whole instead).</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}

/// <summary>The mark phase found something it cannot judge; nothing was deleted.</summary>
public sealed class GarbageCollectionException(string message, Exception? inner = null) : Exception(message, inner);
