using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Repository;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Deployments.Operations.Deploy;

/// <summary>
/// The composefs image of a root filesystem tree: its files over 64 bytes stored as objects, the EROFS image
/// committed. As for bootc's bootable images, /boot is left empty in the image: the boot artifacts are installed
/// beside it, and a UKI cannot be inside the image whose digest its own command line names. The image is written in
/// the given version, by default the layout the repository's meta.json asks for.
/// </summary>
public static class RootfsImage
{
    public static string Commit(ComposefsRepository repository, string rootfs, ErofsFormatVersion? version = null,
        IProgress<int>? filesRead = null)
    {
        return CommitTree(repository, DirectoryTreeScanner.Scan(rootfs, repository, filesRead), version);
    }

    /// <summary>The same for a tree already in the repository (a container image's merged layers).</summary>
    public static string CommitTree(ComposefsRepository repository, FsDirectory tree,
        ErofsFormatVersion? version = null)
    {
        var format = version ?? repository.ImageFormat;
        FsDirectory bootable = WithEmptyBoot(tree);
        return repository.CommitImage(ErofsImageWriter.Write(bootable, format), refName: null).ToHex();
    }

    private static FsDirectory WithEmptyBoot(FsDirectory tree)
    {
        byte[] boot = "boot"u8.ToArray();
        if (!tree.TryGet(boot, out var node) || node is not FsDirectory bootDir) return tree;
        var copy = new FsDirectory(tree.Stat);
        foreach (var (name, child) in tree.Entries)
            copy.Add(name, name.AsSpan().SequenceEqual(boot) ? new FsDirectory(bootDir.Stat) : child);
        return copy;
    }
}
