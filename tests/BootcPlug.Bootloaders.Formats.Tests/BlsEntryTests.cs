using BootcPlug.Bootloaders.Formats.Bls;

namespace BootcPlug.Bootloaders.Formats.Tests;

public class BlsEntryTests
{
    private const string Type1Text = """
        title Fedora Linux 42 (Adams)
        version 42.20250101.0
        linux /boot/bootc_composefs-abc/vmlinuz
        initrd /boot/bootc_composefs-abc/initrd
        initrd /boot/bootc_composefs-abc/microcode
        options root=UUID=6f0e rw composefs=abc
        machine-id 0123456789abcdef0123456789abcdef
        sort-key bootc-fedora-0
        grub_users $grub_users
        architecture x64
        grub_class kernel

        """;

    [Fact]
    public void Type1_entry_round_trips_byte_for_byte_with_unknown_keys_in_order()
    {
        var entry = BlsEntry.Parse(Type1Text, "x.conf");
        Assert.Equal(["/boot/bootc_composefs-abc/initrd", "/boot/bootc_composefs-abc/microcode"], entry.Initrd);
        Assert.Equal(["grub_users", "architecture", "grub_class"], entry.Extra.Select(e => e.Key));
        Assert.Equal("$grub_users", entry.Extra[0].Value);
        Assert.Equal("abc", entry.ComposefsKarg!.Verity);
        Assert.Equal(Type1Text, entry.Serialize());
    }

    [Theory]
    [InlineData("efi")]
    [InlineData("uki")]
    public void Uki_entry_keeps_its_key(string key)
    {
        var text = $"title T\nversion 1\n{key} /EFI/Linux/bootc/bootc_composefs-abc.efi\nsort-key bootc-fedora-0\n";
        var entry = BlsEntry.Parse(text, "u.conf");
        Assert.True(entry.IsUki);
        Assert.Equal(key, entry.EfiKey);
        Assert.Equal(text, entry.Serialize());
    }

    [Fact]
    public void Reading_tolerates_comments_blank_lines_tabs_and_crlf_and_writes_canonical_form()
    {
        var entry = BlsEntry.Parse("# comment\r\n\r\nversion\t 7 \r\n  linux   /k \r\noptions a=1\r\noptions b=2\r\n",
            "c.conf");
        Assert.Equal("7", entry.Version);
        Assert.Equal("/k", entry.Linux);
        Assert.Equal("a=1 b=2", entry.Options);
        Assert.Equal("version 7\nlinux /k\noptions a=1 b=2\n", entry.Serialize());
    }

    [Theory]
    [InlineData("title T\nlinux /k\n", null, "missing 'version'")]
    [InlineData("title T\nversion 1\nlinux /k\nefi /x.efi\n", 4, "'linux' and 'efi'/'uki' values present")]
    [InlineData("title T\nversion 1\n", null, "missing 'linux', 'efi', or 'uki' value")]
    [InlineData("title T\nversion 1\nlinux /k\ntitle\n", 4, "key 'title' has no value")]
    [InlineData("version 1\nuki /a.efi\nefi /b.efi\n", 3, "more than one 'efi'/'uki' line")]
    public void Malformed_entries_are_rejected_with_file_and_line(string text, int? line, string problem)
    {
        var e = Assert.Throws<BootFormatException>(() => BlsEntry.Parse(text, "/esp/loader/entries/bad.conf"));
        Assert.Equal("/esp/loader/entries/bad.conf", e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.Equal(problem, e.Problem);
        Assert.StartsWith(line is null ? "/esp/loader/entries/bad.conf: " : $"/esp/loader/entries/bad.conf:{line}: ",
            e.Message);
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData(" leading")]
    [InlineData("")]
    public void Values_that_would_not_read_back_are_refused_when_writing(string title)
    {
        var entry = new BlsEntry { Title = title, Version = "1", Linux = "/k" };
        Assert.Throws<ArgumentException>(() => entry.Serialize());
    }

    [Fact]
    public void Known_keys_cannot_be_smuggled_in_as_extra_keys()
    {
        var entry = new BlsEntry { Version = "1", Linux = "/k" };
        entry.Extra.Add(new("linux", "/evil"));
        Assert.Throws<ArgumentException>(() => entry.Serialize());
    }

    [Theory]
    [InlineData("root=x composefs=abc rw", "abc", false)]
    [InlineData("composefs=?abc", "abc", true)]
    [InlineData("composefs_backup=abc quiet", null, false)]
    [InlineData("", null, false)]
    [InlineData("composefs=", null, false)]
    public void Composefs_karg_is_found_by_exact_key(string cmdline, string? verity, bool optional)
    {
        var karg = Bootloaders.Formats.ComposefsKarg.Find(cmdline);
        Assert.Equal(verity, karg?.Verity);
        Assert.Equal(optional, karg?.MissingVerityAllowed ?? false);
    }
}
