using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Tests.Support;

/// <summary>
/// Larger trees that exercise every writer path: big directories, shared xattrs, hardlinks, long names.
/// </summary>
public static class SampleTrees
{
    public static FsDirectory Mixed(FsVerityAlgorithm algorithm = FsVerityAlgorithm.Sha512)
    {
        var root = new FsDirectory(FileStat.Create(0x1ED, mtime: 1_700_000_000));
        var usr = new FsDirectory(FileStat.Create(
            0x1ED, 0, 0, 1_700_000_001, [Xattr.Create("security.selinux", "system_u:object_r:usr_t:s0"u8.ToArray())]));
        root.Add("usr", usr);
        var bin = new FsDirectory(FileStat.Create(0x1ED));
        usr.Add("bin", bin);
        for (int i = 0; i < 400; i++)
        {
            var id = FsVerityDigester.Compute(algorithm, TestData.Gen(100 + i, i));
            var xattrs = new List<Xattr> { Xattr.Create("security.selinux", "system_u:object_r:bin_t:s0"u8.ToArray()) };
            if (i % 7 == 0) xattrs.Add(Xattr.Create("user.index", System.Text.Encoding.ASCII.GetBytes(i.ToString())));
            bin.Add($"program-{i:D4}-with-a-fairly-long-name", new FsLeaf(
                FileStat.Create(0x1ED, 0, 0, 1_700_000_000 + i, xattrs),
                new ExternalFile(id, (ulong)(100 + i))));
        }
        var shared = new FsLeaf(FileStat.Create(0x1A4),
            new ExternalFile(FsVerityDigester.Compute(algorithm, TestData.Gen(70000, 9)), 70000));
        bin.Add("hardlink-a", shared);
        usr.Add("hardlink-b", shared);
        var etc = new FsDirectory(FileStat.Create(0x1ED, 0, 0, 5));
        root.Add("etc", etc);
        for (int i = 0; i < 40; i++)
        {
            etc.Add($"conf{i}",
                new FsLeaf(FileStat.Create(0x1A4, 1000, 1000, i), new InlineFile(TestData.Gen(i * 13 % 65, i))));
            etc.Add($"link{i}", new FsLeaf(
                FileStat.Create(0x1FF),
                new SymlinkTarget(System.Text.Encoding.ASCII.GetBytes("/usr/bin/" + new string('t', 20 + i * 23)))));
        }
        etc.Add("escaped", new FsLeaf(
            FileStat.Create(0x1A4, xattrs: [Xattr.Create("trusted.overlay.opaque", "y"u8.ToArray())]),
            new InlineFile([])));
        root.Add("dev-null", new FsLeaf(FileStat.Create(0x1B6), new CharacterDevice(0x103)));
        root.Add("disk", new FsLeaf(FileStat.Create(0x1B0), new BlockDevice(0x801)));
        root.Add("pipe", new FsLeaf(FileStat.Create(0x1A4), new Fifo()));
        var empty = new FsDirectory(FileStat.Create(0x1C0, 5, 6, 7));
        root.Add("empty-dir", empty);
        return root;
    }
}
