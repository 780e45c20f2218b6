using System.Text;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Platform;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Composefs.Tree;

/// <summary>
/// Reads a directory tree from disk into a composefs tree: regular files over 64 bytes are stored as repository
/// objects (hashed while copied), smaller ones inline; hardlinks (same device and inode) become one leaf; xattrs,
/// owners, permissions and mtimes (seconds) are kept. Only regular files are ever opened: FIFOs, sockets and devices
/// are recorded from their lstat as what they are.
/// </summary>
public static class DirectoryTreeScanner
{
    /// <summary>Files of at most this many bytes are stored inline in the image (composefs' fixed threshold).</summary>
    public const int InlineContentMax = 64;

    public static FsDirectory Scan(string directory, ComposefsRepository repository) =>
        Scan(directory, repository, filesRead: null);

    /// <summary>The same, reporting the number of files (not directories) read so far after each one.</summary>
    public static FsDirectory Scan(string directory, ComposefsRepository repository, IProgress<int>? filesRead)
    {
        string root = Path.GetFullPath(directory);
        var status = FileStatus.Lstat(root);
        if (status.Type != ErofsFormat.TypeDirectory) throw new IOException($"{root}: not a directory");
        return ScanDirectory(root, status, new ScanState(repository, filesRead));
    }

    private sealed class ScanState(ComposefsRepository repository, IProgress<int>? filesRead)
    {
        public ComposefsRepository Repository { get; } = repository;
        public Dictionary<(ulong Device, ulong Inode), FsLeaf> Hardlinks { get; } = new();
        private int _files;

        public void FileRead() => filesRead?.Report(++_files);
    }

    private static FsDirectory ScanDirectory(string path, FileStatus status, ScanState state)
    {
        var directory = new FsDirectory(StatOf(path, status));
        var names = Directory.EnumerateFileSystemEntries(path)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var name in names)
        {
            string child = Path.Combine(path, name!);
            var childStatus = FileStatus.Lstat(child);
            FsNode node = childStatus.Type == ErofsFormat.TypeDirectory
                ? ScanDirectory(child, childStatus, state)
                : ScanLeaf(child, childStatus, state);
            directory.Add(Encoding.UTF8.GetBytes(name!), node);
        }
        return directory;
    }

    private static FsLeaf ScanLeaf(string path, FileStatus status, ScanState state)
    {
        state.FileRead();
        if (status.Nlink > 1 && state.Hardlinks.TryGetValue((status.Device, status.Inode), out var existing))
            return existing;
        LeafContent content = status.Type switch
        {
            ErofsFormat.TypeRegular when status.Size > InlineContentMax =>
                new ExternalFile(state.Repository.StoreObjectFromFile(path), status.Size),
            ErofsFormat.TypeRegular => new InlineFile(RegularFile.ReadAllBytes(path, followSymlinks: false)),
            ErofsFormat.TypeSymlink => new SymlinkTarget(Encoding.UTF8.GetBytes(new FileInfo(path).LinkTarget!)),
            ErofsFormat.TypeCharacterDevice => new CharacterDevice(status.Rdev),
            ErofsFormat.TypeBlockDevice => new BlockDevice(status.Rdev),
            ErofsFormat.TypeFifo => new Fifo(),
            ErofsFormat.TypeSocket => new Socket(),
            _ => throw new IOException($"{path}: unsupported file type 0{Convert.ToString(status.Mode, 8)}"),
        };
        var leaf = new FsLeaf(StatOf(path, status), content);
        if (status.Nlink > 1) state.Hardlinks[(status.Device, status.Inode)] = leaf;
        return leaf;
    }

    private static FileStat StatOf(string path, FileStatus status) => FileStat.Create(
        status.Mode & 0xFFF, status.Uid, status.Gid, status.MtimeSeconds,
        FileStatus.ListXattrs(path).Select(x => new Xattr(x.Name, x.Value)));
}
