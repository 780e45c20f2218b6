namespace BootcPlug.Bootloaders.Formats.Tests;

public sealed class ComposefsKargTests
{
    private static readonly string Sha256Hex = new('a', 64);
    private static readonly string Sha512Hex = new('b', 128);

    [Fact]
    public void Bootc_form_is_read_with_and_without_the_question_mark()
    {
        Assert.Equal(new ComposefsKarg(Sha512Hex, false), ComposefsKarg.Find($"quiet composefs={Sha512Hex} rw"));
        Assert.Equal(new ComposefsKarg(Sha512Hex, true), ComposefsKarg.Find($"composefs=?{Sha512Hex}"));
        Assert.Null(ComposefsKarg.Find($"composefs_backup={Sha512Hex}"));
    }

    [Theory]
    [InlineData("v1-sha256-12", false)]
    [InlineData("v1-sha256-12", true)]
    [InlineData("v2-sha256-12", false)]
    public void Composefs_rs_digest_form_is_read_and_written_back_unchanged(string descriptor, bool optional)
    {
        string argument = $"composefs.digest={(optional ? "?" : "")}{descriptor}:{Sha256Hex}";
        var karg = ComposefsKarg.Find("root=UUID=x " + argument + " quiet");
        Assert.NotNull(karg);
        Assert.Equal(Sha256Hex, karg.Verity);
        Assert.Equal(optional, karg.MissingVerityAllowed);
        Assert.Equal(descriptor, karg.Descriptor);
        Assert.Equal(argument, karg.ToString());
    }

    [Fact]
    public void Digest_form_wins_over_the_plain_form_as_in_composefs_rs()
    {
        var karg = ComposefsKarg.Find($"composefs={Sha256Hex} composefs.digest=v1-sha512-12:{Sha512Hex}");
        Assert.Equal(Sha512Hex, karg!.Verity);
        Assert.Equal("v1-sha512-12", karg.Descriptor);
    }

    [Theory]
    [InlineData("composefs.digest=v3-sha256-12:")]
    [InlineData("composefs.digest=v1-sha256-13:")]
    [InlineData("composefs.digest=v1-sha512-12:")]
    [InlineData("composefs.digest=")]
    public void Malformed_digest_arguments_are_not_taken(string prefix)
    {
        Assert.Null(ComposefsKarg.Find(prefix + Sha256Hex));
        Assert.Equal(
            new ComposefsKarg(Sha256Hex, false), ComposefsKarg.Find($"{prefix}{Sha256Hex} composefs={Sha256Hex}"));
    }
}
