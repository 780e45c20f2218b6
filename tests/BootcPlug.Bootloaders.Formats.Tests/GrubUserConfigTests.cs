using BootcPlug.Bootloaders.Formats.Grub;

namespace BootcPlug.Bootloaders.Formats.Tests;

public class GrubUserConfigTests
{
    private static readonly string Verity = new('d', 128);

    private static readonly string BootcUserCfg =
        GrubUserConfig.EfiUuidHeader +
        $"menuentry \"Fedora Linux 42: ({Verity})\" {{\ninsmod fat\ninsmod chain\nsearch --no-floppy --set=root " +
            $"--fs-uuid \"${{EFI_PART_UUID}}\"\nchainloader /EFI/Linux/bootc/bootc_composefs-{Verity}.efi\n}}\n" +
        "menuentry \"Fedora Linux 41: (old)\" {\ninsmod fat\ninsmod chain\nsearch --no-floppy --set=root --fs-uuid " +
            "\"${EFI_PART_UUID}\"\nchainloader /EFI/Linux/bootc/bootc_composefs-old.efi\n}\n";

    [Fact]
    public void Bootc_user_cfg_round_trips_byte_for_byte()
    {
        var config = GrubUserConfig.Parse(BootcUserCfg, "user.cfg");
        Assert.Equal(GrubUserConfig.EfiUuidHeader, config.Header);
        Assert.Equal(2, config.Entries.Count);
        var first = config.Entries[0];
        Assert.Equal($"Fedora Linux 42: ({Verity})", first.Title);
        Assert.Equal(["fat", "chain"], first.Insmods);
        Assert.Equal("--no-floppy --set=root --fs-uuid \"${EFI_PART_UUID}\"", first.Search);
        Assert.Equal($"/EFI/Linux/bootc/bootc_composefs-{Verity}.efi", first.Chainloader);
        Assert.Equal(5, first.Line);
        Assert.Equal(BootcUserCfg, config.Serialize());
    }

    [Fact]
    public void Titles_with_escapes_and_single_quotes_read_and_write_back()
    {
        var text = "menuentry \"Say \\\"hi\\\" to C:\\\\ for \\$5\" --id x {\nchainloader /a.efi\n}\nmenuentry " +
            "'it'\\''s' {\nchainloader /b.efi\n}\n";
        var config = GrubUserConfig.Parse(text, "user.cfg");
        Assert.Equal("Say \"hi\" to C:\\ for $5", config.Entries[0].Title);
        Assert.Equal("--id x", config.Entries[0].Options);
        Assert.Equal("it's", config.Entries[1].Title);
        var again = GrubUserConfig.Parse(config.Serialize(), "user.cfg");
        Assert.Equal(config.Entries.Select(e => e.Title), again.Entries.Select(e => e.Title));
    }

    [Fact]
    public void Nested_braces_and_one_line_bodies_are_kept_whole()
    {
        var text = "menuentry \"a\" {\nif [ x = y ]; then\n  function f { echo \"}\"; }\nfi\nchainloader " +
            "/a.efi\n}\nmenuentry \"b\" { chainloader /b.efi; }\n";
        var config = GrubUserConfig.Parse(text, "user.cfg");
        Assert.Equal(["if [ x = y ]; then", "function f { echo \"}\"; }", "fi", "chainloader /a.efi"],
            config.Entries[0].Body);
        Assert.Equal(["chainloader /b.efi;"], config.Entries[1].Body);
    }

    [Fact]
    public void Content_between_entries_is_skipped_and_empty_files_have_no_entries()
    {
        Assert.Empty(GrubUserConfig.Parse("", "user.cfg").Entries);
        Assert.Empty(GrubUserConfig.Parse("set timeout=5\n", "user.cfg").Entries);
        var config = GrubUserConfig.Parse(
            "menuentry \"a\" {\nchainloader /a.efi\n}\nset default=0\nmenuentry \"b\" {\nchainloader /b.efi\n}\n", "u");
        Assert.Equal(["a", "b"], config.Entries.Select(e => e.Title));
    }

    [Theory]
    [InlineData("menuentry \"\" {\nchainloader /a.efi\n}\n", 1, "menuentry has an empty title")]
    [InlineData("\n\nmenuentry \"a\" {\nchainloader /a.efi\n", 3, "menuentry is not closed: unbalanced braces")]
    [InlineData("menuentry \"a {\nchainloader /a.efi\n}\n", 1, "menuentry title has no closing quote")]
    [InlineData("menuentry \"a\" {\nchainloader /a.efi\n}\n}\n", 4, "'}' without a matching '{'")]
    [InlineData("menuentry \"a\"\n{\n}\n", 1, "menuentry has no '{' on its line")]
    [InlineData("menuentry a {\n}\n", 1, "menuentry title must be quoted")]
    [InlineData("menuentry \"a\" {\necho \"open\n}\n", 2, "unterminated quote")]
    public void Malformed_menus_are_rejected_with_file_and_line(string text, int line, string problem)
    {
        var e = Assert.Throws<BootFormatException>(() => GrubUserConfig.Parse(text, "/boot/grub2/user.cfg"));
        Assert.Equal(("/boot/grub2/user.cfg", line, problem), (e.FilePath, e.Line, e.Problem));
        Assert.StartsWith($"/boot/grub2/user.cfg:{line}: ", e.Message);
    }

    [Fact]
    public void Writer_refuses_what_grub_would_reject()
    {
        Assert.Throws<ArgumentException>(() => new GrubUserConfig("", [new GrubMenuEntry("", ["chainloader /a.efi"])])
            .Serialize());
        Assert.Throws<ArgumentException>(() => new GrubUserConfig("", [new GrubMenuEntry("a", [])]).Serialize());
        Assert.Throws<ArgumentException>(() => new GrubUserConfig("", [new GrubMenuEntry("a", ["}"])]).Serialize());
        Assert.Throws<ArgumentException>(() => new GrubUserConfig("", [new GrubMenuEntry("a\nb", ["true"])])
            .Serialize());
    }
}
