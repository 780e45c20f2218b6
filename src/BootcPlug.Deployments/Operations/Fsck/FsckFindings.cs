using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>The problems fsck has found so far, each with the file at fault, in the order the checks ran.</summary>
public sealed class FsckFindings
{
    private readonly List<FsckProblemEntry> _problems = [];
    private readonly object _gate = new();

    public IReadOnlyList<FsckProblemEntry> Problems
    {
        get
        {
            lock (_gate) return [.. _problems];
        }
    }

    /// <summary>Records one problem (safe from parallel checks).</summary>
    public void Add(FsckProblemKind kind, string path, string message)
    {
        lock (_gate) _problems.Add(new FsckProblemEntry { Kind = kind, Path = path, Message = message });
    }
}
