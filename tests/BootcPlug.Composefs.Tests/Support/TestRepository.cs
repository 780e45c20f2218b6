using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.Support;

/// <summary>A sha512 repository in a temp directory with the GC tests' objects obj1..obj4.</summary>
public sealed class TestRepository : IDisposable
{
    private readonly TempDir _directory = new();

    public TestRepository(FsVerityAlgorithm algorithm = FsVerityAlgorithm.Sha512)
    {
        Repository = ComposefsRepository.Init(_directory.Combine("repo"), algorithm).Repository;
    }

    public ComposefsRepository Repository { get; }
    public string Path => Repository.Path;

    public static byte[] Obj1Data => TestData.Gen(32768, 0xAE);
    public static byte[] Obj2Data => TestData.Gen(65536, 0xEA);
    public static byte[] Obj3Data => TestData.Gen(65536, 0xAA);
    public static byte[] Obj4Data => TestData.Gen(65536, 0xEE);

    public ObjectId Store(byte[] data) => Repository.StoreObject(data);

    /// <summary>Stores the files' objects and commits the image built from them.</summary>
    public ObjectId CommitImage(string? refName, params (string Name, byte[] Content)[] files)
    {
        foreach (var (_, content) in files) Store(content);
        return Repository.CommitImage(ErofsImageWriter.Write(Trees.WithExternalFiles(files)), refName);
    }

    public GarbageCollectionResult Gc(bool dryRun = false, params string[] roots) =>
        new RepositoryGarbageCollector(Repository).Run(roots, dryRun);

    public int CountObjects() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(Path, "objects"), "*", SearchOption.AllDirectories)
        .Count(p => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(p))!.Length == 2);

    /// <summary>Every path in the repository with its kind, to prove that nothing changed.</summary>
    public string Snapshot() =>
        string.Join("\n", Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(p => System.IO.Path.GetRelativePath(Path, p)));

    public void Dispose()
    {
        Repository.Dispose();
        _directory.Dispose();
    }
}
