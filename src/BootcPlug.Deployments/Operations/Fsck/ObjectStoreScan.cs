using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// One listing of objects/: the objects it holds (regular files named by their digest, in two-digit folders), the
/// temporary files writers left, and anything else, which is unexpected.
/// </summary>
public static class ObjectStoreScan
{
    public static HashSet<ObjectId> Run(ComposefsRepository repository, FsckFindings findings)
    {
        var objects = new HashSet<ObjectId>();
        string root = Path.Combine(repository.Path, ComposefsRepository.ObjectsDirectory);
        if (!Directory.Exists(root)) return objects;
        foreach (var folder in new DirectoryInfo(root).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (ObjectTempFiles.IsTempName(folder.Name))
                findings.Add(FsckProblemKind.Leftover, folder.FullName, LeftoverScan.Meaning);
            else if (folder is not DirectoryInfo directory || folder.LinkTarget is not null || !IsHexPair(folder.Name))
                findings.Add(FsckProblemKind.Unexpected, folder.FullName,
                    "not an object folder (two lowercase hex digits)");
            else
                ScanFolder(repository, directory, objects, findings);
        }
        return objects;
    }

    private static void ScanFolder(ComposefsRepository repository, DirectoryInfo folder, HashSet<ObjectId> objects,
        FsckFindings findings)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (ObjectTempFiles.IsTempName(entry.Name))
                findings.Add(FsckProblemKind.Leftover, entry.FullName, LeftoverScan.Meaning);
            else if (entry is not FileInfo || entry.LinkTarget is not null)
                findings.Add(FsckProblemKind.Unexpected, entry.FullName, "not a regular file; objects are files");
            else if (!ObjectId.TryParseDirectoryAndName(repository.Algorithm, folder.Name, entry.Name, out var id))
                findings.Add(FsckProblemKind.Unexpected, entry.FullName,
                    $"not a {repository.Algorithm.ShortName()} object name");
            else
                objects.Add(id);
        }
    }

    private static bool IsHexPair(string name) =>
        name.Length == 2 && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
