using System.CommandLine;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.Tree;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>
/// `composefs create-image DIR [NAME] [--erofs-version 1|2]`: store a directory's files and commit its EROFS image.
/// </summary>
internal static class CreateImageVerb
{
    public static Command Create(ComposefsContext context)
    {
        var directory = new Argument<DirectoryInfo>("DIR")
        {
            Description = "The root of the tree to turn into an image.",
        };
        var name = new Argument<string?>("NAME")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Also link images/refs/NAME to the image.",
        };
        var erofsVersion = ErofsVersionOption.Create();
        var command = new Command("create-image",
            "Store files over 64 bytes as objects and commit the composefs image of DIR; prints its id.")
        {
            directory, name, erofsVersion
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(directory)!;
            if (!source.Exists) throw new DirectoryNotFoundException($"{source.FullName}: no such directory");
            string? refName = parse.GetValue(name);
            if (refName is not null) BootcPlug.Composefs.Repository.ComposefsRepository.ValidateRefName(refName);
            using var repository = context.OpenRepository(parse);
            var format = ErofsVersionOption.Value(parse, erofsVersion) ?? repository.ImageFormat;
            var tree = DirectoryTreeScanner.Scan(source.FullName, repository);
            var id = repository.CommitImage(ErofsImageWriter.Write(tree, format), refName);
            ComposefsContext.Out(parse).WriteLine(id.ToString());
            return ExitCodes.Success;
        });
        return command;
    }
}
