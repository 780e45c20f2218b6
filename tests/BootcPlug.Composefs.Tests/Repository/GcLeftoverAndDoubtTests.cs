using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Repository;

/// <summary>
/// The repository GC's own guards: writers' leftovers are removed (and counted the same in the dry run) only by
/// exact name and only as regular files; an image under a ref is trusted only once its link and digest verify, and
/// an object a root names must exist.
/// </summary>
public sealed class GcLeftoverAndDoubtTests
{
    [Fact]
    public void The_names_writers_use_are_the_names_gc_takes_for_leftovers()
    {
        using var directory = new TempDir();
        for (int i = 0; i < 100; i++)
            Assert.True(ObjectTempFiles.IsTempName(Path.GetFileName(ObjectTempFiles.PathIn(directory.Path))));
        foreach (var name in new[]
        {
            ".tmp-", ".tmp-0123456789abcde", ".tmp-0123456789abcdef0", ".tmp-0123456789ABCDEF",
            "tmp-0123456789abcdef0", ".tmp-0123456789abcdeg",
        })
            Assert.False(ObjectTempFiles.IsTempName(name), name);
    }

    [Fact]
    public void Leftovers_are_counted_by_the_dry_run_and_removed_by_the_run_and_nothing_else()
    {
        using var repo = new TestRepository();
        var kept = repo.CommitImage("kept", ("data", TestRepository.Obj2Data));
        string objects = Path.Combine(repo.Path, "objects");
        string sub = Path.GetDirectoryName(repo.Repository.ObjectPath(kept))!;
        string[] leftovers = [Path.Combine(objects, ".tmp-0000000000000001"),
            Path.Combine(sub, ".tmp-0000000000000002")];
        File.WriteAllBytes(leftovers[0], new byte[100]);
        File.WriteAllBytes(leftovers[1], new byte[23]);
        string directoryNamedLikeOne = Path.Combine(objects, ".tmp-0000000000000003");
        string linkNamedLikeOne = Path.Combine(sub, ".tmp-0000000000000004");
        Directory.CreateDirectory(directoryNamedLikeOne);
        File.CreateSymbolicLink(linkNamedLikeOne, repo.Repository.ObjectPath(kept));

        string before = repo.Snapshot();
        var dry = repo.Gc(dryRun: true);
        Assert.Equal(before, repo.Snapshot());
        var real = repo.Gc();
        foreach (var result in new[] { dry, real })
        {
            Assert.Equal(2, result.LeftoversRemoved);
            Assert.Equal(123, result.LeftoverBytesFreed);
            Assert.Equal(0, result.ObjectsRemoved);
            Assert.Empty(result.Errors);
        }
        Assert.All(leftovers, p => Assert.False(File.Exists(p)));
        Assert.True(Directory.Exists(directoryNamedLikeOne));
        Assert.NotNull(new FileInfo(linkNamedLikeOne).LinkTarget);
        Assert.Equal(0, repo.Gc().LeftoversRemoved);
    }

    /// <summary>Each doubt about an image under a ref: refused, nothing deleted, the file named.</summary>
    [Theory]
    [InlineData("retargeted")]
    [InlineData("flipped")]
    [InlineData("truncated")]
    [InlineData("object-missing")]
    public void Image_under_a_ref_in_doubt_stops_the_sweep(string doubt)
    {
        using var repo = new TestRepository();
        repo.Store(TestRepository.Obj1Data);   // garbage a trusting GC would remove
        var image = repo.CommitImage("kept", ("data", TestRepository.Obj2Data));
        var other = repo.CommitImage("other", ("data", TestRepository.Obj3Data));
        string link = Path.Combine(repo.Path, "images", image.ToHex());
        string imagePath = repo.Repository.ObjectPath(image);
        string dataPath = repo.Repository.ObjectPath(
            FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestRepository.Obj2Data));
        string named;
        switch (doubt)
        {
            case "retargeted":
                File.Delete(link);
                File.CreateSymbolicLink(link, "../objects/" + other.ToObjectPathName());
                named = link;
                break;
            case "flipped":
                byte[] bytes = File.ReadAllBytes(imagePath);
                bytes[^1] ^= 0x80;
                File.WriteAllBytes(imagePath, bytes);
                named = imagePath;
                break;
            case "truncated":
                byte[] whole = File.ReadAllBytes(imagePath);
                File.WriteAllBytes(imagePath, whole[..(whole.Length / 2)]);
                named = imagePath;
                break;
            default:
                File.Delete(dataPath);
                named = dataPath;
                break;
        }
        string before = repo.Snapshot();
        foreach (bool dryRun in new[] { true, false })
        {
            var e = Assert.Throws<GarbageCollectionException>(() => repo.Gc(dryRun));
            Assert.Contains(named, e.Message);
            Assert.Contains("images/", e.Message);
        }
        Assert.Equal(before, repo.Snapshot());
    }
}
