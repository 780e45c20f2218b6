using System.CommandLine;
using BootcPlug.Composefs.Erofs;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`--erofs-version 1|2`: the image layout; without it, the one the repository's meta.json asks for.</summary>
internal static class ErofsVersionOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--erofs-version")
        {
            Description = "EROFS image layout: 1 (C mkcomposefs, composefs-rs's default) or 2 (composefs-rs's "
                + "original). Default: the repository's (meta.json erofs_formats; new repositories are 1).",
            HelpName = "1|2",
        };
        option.OneOf("1", "2");
        return option;
    }

    public static ErofsFormatVersion? Value(ParseResult parse, Option<string?> option) =>
        ErofsFormatVersions.TryParse(parse.GetValue(option), out var version) ? version : null;
}
