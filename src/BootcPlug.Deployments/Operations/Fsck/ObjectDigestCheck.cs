using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Models.Reports;

namespace BootcPlug.Deployments.Operations.Fsck;

/// <summary>
/// `--verify-objects`: every object's fs-verity digest is computed, in parallel, and compared with its name. Progress
/// (when someone watches) about twenty times over the run.
/// </summary>
public static class ObjectDigestCheck
{
    public static void Run(ComposefsRepository repository, IReadOnlyCollection<ObjectId> objects,
        FsckFindings findings, IProgress<string>? progress)
    {
        int total = objects.Count, done = 0, step = Math.Max(1, total / 20);
        Parallel.ForEach(objects, id =>
        {
            string path = repository.ObjectPath(id);
            try
            {
                var actual = FsVerityDigester.ComputeFile(repository.Algorithm, path);
                if (actual != id)
                    findings.Add(FsckProblemKind.CorruptObject, path,
                        $"its fs-verity digest is {actual.ToHex()}, not its name");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                findings.Add(FsckProblemKind.CorruptObject, path, $"cannot be read: {e.Message}");
            }
            int now = Interlocked.Increment(ref done);
            if (progress is not null && (now % step == 0 || now == total))
                progress.Report($"fsck: verified {now}/{total} objects");
        });
    }
}
