using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Tests.Support;

/// <summary>The trees behind the golden image digests that composefs-rs pins in its tests.</summary>
public static class Trees
{
    public const string EmptyImageSha256 = "086b702a519b57d6ef5aea6f8b3f2be24355cd1fb835cd80fb4e3d388b24d5a5";
    public const string SimpleImageSha256 = "a8fcd41f8b313bede69f462f2af0a38d64b99a6333f5df884ea9ab4037fac722";

    public static FsDirectory Empty() => new(FileStat.Create(0x1ED));

    /// <summary>Root 0755 with one leaf of every kind, all leaves mode 0, uid/gid 0, mtime 0.</summary>
    public static FsDirectory Simple()
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        var zero = FileStat.Create(0);
        root.Add("fifo", new FsLeaf(zero, new Fifo()));
        root.Add("regular-inline", new FsLeaf(zero, new InlineFile("hihi"u8.ToArray())));
        root.Add("regular-external", new FsLeaf(
            zero, new ExternalFile(new ObjectId(FsVerityAlgorithm.Sha256, TestData.Repeat(0x5A, 32)), 1234)));
        root.Add("chrdev", new FsLeaf(zero, new CharacterDevice(123)));
        root.Add("blkdev", new FsLeaf(zero, new BlockDevice(123)));
        root.Add("socket", new FsLeaf(zero, new Socket()));
        root.Add("symlink", new FsLeaf(zero, new SymlinkTarget("/target"u8.ToArray())));
        return root;
    }

    /// <summary>The GC tests' image: root 0755, files 0644, mtime 0, the given names mapped to objects.</summary>
    public static FsDirectory WithExternalFiles(params (string Name, byte[] Content)[] files)
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        foreach (var (name, content) in files)
        {
            var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, content);
            root.Add(name, new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, (ulong)content.Length)));
        }
        return root;
    }
}
