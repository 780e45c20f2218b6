using System.Security.Cryptography;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;

namespace BootcPlug.Composefs.Tests.Repository;

/// <summary>
/// The repository writes and deletes only inside itself: a folder of it (objects, objects/XX, images, images/refs,
/// streams) replaced by a link to a canary elsewhere is refused, naming the link, and the canary stays byte-identical.
/// </summary>
public sealed class RepositorySymlinkTests
{
    private static readonly byte[] NewContent = TestData.Gen(40000, 0x5A);

    public static TheoryData<string> Writes() =>
        new() { "store", "store-from-file", "commit-image", "write-ref", "gc" };

    [Theory]
    [MemberData(nameof(Writes))]
    public void A_linked_repository_folder_is_refused_and_the_canary_is_untouched(string write)
    {
        using var repo = new TestRepository();
        var kept = repo.CommitImage("kept", ("a", TestRepository.Obj1Data));
        repo.Store(TestRepository.Obj2Data); // garbage: what gc would delete
        var newId = FsVerityDigester.Compute(repo.Repository.Algorithm, NewContent);
        var image = ErofsImageWriter.Write(Trees.WithExternalFiles(("b", TestRepository.Obj3Data)));
        var imageId = FsVerityDigester.Compute(repo.Repository.Algorithm, image);
        Directory.CreateDirectory(Path.Combine(repo.Path, "objects", imageId.ToObjectPathName()[..2]));
        Directory.CreateDirectory(Path.Combine(repo.Path, "objects", newId.ToObjectPathName()[..2]));
        string source = Path.Combine(Path.GetDirectoryName(repo.Path)!, "source");
        File.WriteAllBytes(source, NewContent);

        var levels = write switch
        {
            "store" or "store-from-file" => new[] { "objects", "objects/" + newId.ToObjectPathName()[..2] },
            "commit-image" => ["objects", "objects/" + imageId.ToObjectPathName()[..2], "images"],
            "write-ref" => ["images", "images/refs"],
            _ => ["objects"],
        };
        foreach (var level in levels)
        {
            string link = Path.Combine(repo.Path, level);
            string canary = Path.Combine(Path.GetDirectoryName(repo.Path)!, "canary-" + level.Replace('/', '_'));
            Directory.Move(link, canary);
            Directory.CreateSymbolicLink(link, canary);
            string before = Fingerprint(canary);
            Action action = write switch
            {
                "store" => () => repo.Repository.StoreObject(NewContent),
                "store-from-file" => () => repo.Repository.StoreObjectFromFile(source),
                "commit-image" => () => repo.Repository.CommitImage(image, "new"),
                "write-ref" => () => repo.Repository.WriteRef("images", "other", kept.ToHex()),
                _ => () => repo.Gc(),
            };
            var e = Assert.ThrowsAny<IOException>(action);
            Assert.Equal($"{link}: is a symbolic link; refusing to follow it", e.Message);
            Assert.Equal(before, Fingerprint(canary));
            File.Delete(link);
            Directory.Move(canary, link);
        }
    }

    [Fact]
    public void Gc_leaves_a_linked_object_folder_alone_and_reports_it()
    {
        using var repo = new TestRepository();
        var garbage = repo.Store(TestRepository.Obj2Data);
        string folder = Path.Combine(repo.Path, "objects", garbage.ToObjectPathName()[..2]);
        string canary = Path.Combine(Path.GetDirectoryName(repo.Path)!, "canary");
        Directory.Move(folder, canary);
        Directory.CreateSymbolicLink(folder, canary);
        string before = Fingerprint(canary);
        var result = repo.Gc();
        Assert.Equal(0, result.ObjectsRemoved);
        Assert.Contains(result.Skipped, s => s.Contains(garbage.ToObjectPathName()[..2]));
        Assert.Equal(before, Fingerprint(canary));
    }

    private static string Fingerprint(string root) => string.Join("\n",
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e => e.FullName + " " + (e.LinkTarget is { } link ? "link:" + link
                : e is DirectoryInfo ? "dir" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(e.FullName))))));
}
