using System.Buffers.Binary;
using BootcPlug.Composefs.Dumpfile;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Composefs.Tests.Erofs;

public sealed class ImageReaderTests
{
    private static ErofsImage Open(FsDirectory tree) => ErofsImage.Open(ErofsImageWriter.Write(tree), "test.img");

    [Fact]
    public void Simple_image_round_trips_through_the_reader_byte_for_byte()
    {
        byte[] image = ErofsImageWriter.Write(Trees.Simple());
        var tree = ImageTreeReader.Read(ErofsImage.Open(image, "simple"));
        Assert.Equal(image, ErofsImageWriter.Write(tree));
    }

    [Fact]
    public void Simple_image_lists_as_the_upstream_dumpfile()
    {
        var tree = ImageTreeReader.Read(ErofsImage.Open(ErofsImageWriter.Write(Trees.Simple()), "simple"));
        string hex = string.Concat(Enumerable.Repeat("5a", 32));
        string expected =
            "/ 0 40755 2 0 0 0 0.0 - - -\n" +
            "/blkdev 0 60000 1 0 0 123 0.0 - - -\n" +
            "/chrdev 0 20000 1 0 0 123 0.0 - - -\n" +
            "/fifo 0 10000 1 0 0 0 0.0 - - -\n" +
            $"/regular-external 1234 100000 1 0 0 0 0.0 5a/{hex[2..]} - {hex}\n" +
            "/regular-inline 4 100000 1 0 0 0 0.0 - hihi -\n" +
            "/socket 0 140000 1 0 0 0 0.0 - - -\n" +
            "/symlink 7 120000 1 0 0 0 0.0 /target - -\n";
        Assert.Equal(expected, DumpfileWriter.Write(tree));
    }

    [Fact]
    public void Empty_directory_lists_dot_and_dotdot()
    {
        var image = Open(Trees.Empty());
        var root = image.ReadInode(image.RootNid);
        var names = image.ReadDirectory(root).Select(e => System.Text.Encoding.ASCII.GetString(e.Name.Span)).ToList();
        Assert.Equal([".", ".."], names);
        Assert.Equal(36ul, image.RootNid);
    }

    [Fact]
    public void Hundred_files_use_block_storage_and_list_in_order()
    {
        var root = new FsDirectory(FileStat.Create(0x1ED));
        for (int i = 0; i < 100; i++)
            root.Add($"file-with-a-longish-name-{i:D3}", new FsLeaf(FileStat.Create(0x1A4), new InlineFile([(byte)i])));
        var image = Open(root);
        var rootInode = image.ReadInode(image.RootNid);
        Assert.Equal(ErofsFormat.LayoutFlatPlain, rootInode.Layout);
        Assert.Equal(4096ul, rootInode.Size);
        Assert.NotEqual(0u, rootInode.U);
        var names = image.ReadDirectory(rootInode).Select(e => System.Text.Encoding.ASCII.GetString(e.Name.Span))
            .ToList();
        Assert.Equal(102, names.Count);
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        var tree = ImageTreeReader.Read(image);
        Assert.Equal(100, tree.Count);
    }

    [Fact]
    public void Nested_hardlinked_and_xattr_tree_round_trips()
    {
        var root = new FsDirectory(
            FileStat.Create(0x1ED, xattrs: [Xattr.Create("security.selinux", "root_t"u8.ToArray())]));
        var a = new FsDirectory(FileStat.Create(0x1ED, 1, 2, 1000));
        var b = new FsDirectory(FileStat.Create(0x1C0));
        var c = new FsDirectory(FileStat.Create(0x1ED));
        root.Add("a", a);
        a.Add("b", b);
        b.Add("c", c);
        var shared = new FsLeaf(
            FileStat.Create(0x1A4, xattrs:
            [
                Xattr.Create("user.foo", "bar"u8.ToArray()),
                Xattr.Create("trusted.overlay.custom", "x"u8.ToArray()),
            ]),
            new ExternalFile(FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestData.Gen(5000, 1)), 5000));
        c.Add("file.txt", shared);
        root.Add("link-to-file", shared);
        root.Add("other", new FsLeaf(
            FileStat.Create(0x1A4, xattrs: [Xattr.Create("user.foo", "bar"u8.ToArray())]),
            new InlineFile("x"u8.ToArray())));
        byte[] image = ErofsImageWriter.Write(root);
        var tree = ImageTreeReader.Read(ErofsImage.Open(image, "nested"));
        Assert.Equal(DumpfileWriter.Write(root), DumpfileWriter.Write(tree));
        Assert.Equal(image, ErofsImageWriter.Write(tree));
        string dump = DumpfileWriter.Write(tree);
        Assert.Contains("/link-to-file 0 @120000 - - - - 0.0 /a/b/c/file.txt - -", dump);
        Assert.Contains("trusted.overlay.custom=x", dump);
        Assert.Contains("/a/b/c/file.txt 5000 100644 2 ", dump);
    }

    [Fact]
    public void Collects_objects_by_metacopy_and_nothing_from_inline_only_images()
    {
        var simple = Open(Trees.Simple());
        var objects = ImageObjectReferences.Collect(simple, null);
        Assert.Equal([new ObjectId(FsVerityAlgorithm.Sha256, TestData.Repeat(0x5A, 32))], objects);
        Assert.Empty(ImageObjectReferences.Collect(simple, FsVerityAlgorithm.Sha512));

        var inlineOnly = new FsDirectory(FileStat.Create(0x1ED));
        inlineOnly.Add("f", new FsLeaf(FileStat.Create(0x1A4), new InlineFile("abc"u8.ToArray())));
        Assert.Empty(ImageObjectReferences.Collect(Open(inlineOnly), null));
    }

    [Fact]
    public void Redirect_only_files_protect_their_object()
    {
        var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, "payload"u8);
        var root = new FsDirectory(FileStat.Create(0x1ED));
        root.Add("f", new FsLeaf(FileStat.Create(0x1A4), new RedirectOnlyFile("/" + id.ToObjectPathName(), 7)));
        Assert.Equal([id], ImageObjectReferences.Collect(Open(root), FsVerityAlgorithm.Sha256));
    }

    [Fact]
    public void Shared_xattrs_are_written_once_and_read_back()
    {
        var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, TestData.Gen(65536, 0xEA));
        var root = new FsDirectory(FileStat.Create(0x1ED));
        root.Add("one", new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, 65536)));
        root.Add("two", new FsLeaf(FileStat.Create(0x1A4), new ExternalFile(id, 65536)));
        var image = Open(root);
        var entries = image.ReadDirectory(image.ReadInode(image.RootNid)).Where(e => !e.IsDot && !e.IsDotDot).ToList();
        foreach (var entry in entries)
        {
            var inode = image.ReadInode(entry.Nid);
            Assert.Equal(ErofsFormat.XattrHeaderSize + 8, inode.XattrSize);
            Assert.True(ImageObjectReferences.TryGetReference(image, inode, FsVerityAlgorithm.Sha512, out var found));
            Assert.Equal(id, found);
        }
    }

    private static byte[] SimpleBytes() => ErofsImageWriter.Write(Trees.Simple());

    [Fact]
    public void Rejects_corrupted_dot_entry()
    {
        byte[] image = SimpleBytes();
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x4c0), 44); // "." of the root points at blkdev
        var e = Assert.Throws<ComposefsFormatException>(() => ImageTreeReader.Read(ErofsImage.Open(image, "bad.img")));
        Assert.Contains("bad.img", e.Message);
    }

    [Fact]
    public void Rejects_wrong_leaf_and_directory_nlink()
    {
        byte[] leaf = SimpleBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(leaf.AsSpan(0x580 + 44), 2);
        Assert.Contains("nlink",
            Assert.Throws<ComposefsFormatException>(() => ImageTreeReader.Read(ErofsImage.Open(leaf, "x"))).Message);
        byte[] dir = SimpleBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(dir.AsSpan(0x480 + 44), 3);
        Assert.Contains("nlink",
            Assert.Throws<ComposefsFormatException>(() => ImageTreeReader.Read(ErofsImage.Open(dir, "x"))).Message);
    }

    [Fact]
    public void Rejects_duplicate_entries_and_oversized_block_ranges()
    {
        byte[] duplicate = SimpleBytes();
        // Make "chrdev" read "blkdev" (same length, now equal to its predecessor).
        "blkdev"u8.CopyTo(duplicate.AsSpan(0x535));
        Assert.Throws<ComposefsFormatException>(() => ImageTreeReader.Read(ErofsImage.Open(duplicate, "x")));

        var root = new FsDirectory(FileStat.Create(0x1ED));
        for (int i = 0; i < 300; i++) root.Add($"entry-{i:D4}", new FsLeaf(FileStat.Create(0x1A4), new Fifo()));
        byte[] big = ErofsImageWriter.Write(root);
        BinaryPrimitives.WriteUInt32LittleEndian(big.AsSpan(0x480 + 16), 0x7FFFFFF0); // root's first block far outside
        var e = Assert.Throws<ComposefsFormatException>(() =>
            ImageObjectReferences.Collect(ErofsImage.Open(big, "big.img"), null));
        Assert.Contains("outside the image", e.Message);
    }

    [Theory]
    [InlineData(0x401, "superblock magic")]
    [InlineData(0x40c, "block size")]
    [InlineData(0x450, "incompatible features")]
    [InlineData(0x45b, "long xattr name prefixes")]
    public void Rejects_unsupported_superblocks(int offset, string message)
    {
        byte[] image = SimpleBytes();
        image[offset] ^= 0x41;
        var e = Assert.Throws<ComposefsFormatException>(() => ErofsImage.Open(image, "sb.img"));
        Assert.Contains(message, e.Message);
        Assert.Contains("sb.img", e.Message);
    }
}
