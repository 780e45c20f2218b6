using System.CommandLine;
using BootcPlug.Cli.Output;
using BootcPlug.Composefs.Oci;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>
/// `composefs oci ...`: container images in the repository, stored as cfsctl's `oci` verbs store them.
/// </summary>
internal static class OciVerbs
{
    public static Command Create(ComposefsContext context)
    {
        var command = new Command("oci", "Import container images (OCI layouts and archives) and list them.");
        command.Subcommands.Add(Pull(context));
        command.Subcommands.Add(Images(context));
        command.Subcommands.Add(CreateImage(context));
        return command;
    }

    private static Command Pull(ComposefsContext context)
    {
        var source = new Argument<string>("SOURCE")
        {
            Description = "oci:DIR[:TAG|@DIGEST] or oci-archive:FILE[:TAG].",
        };
        var name = new Argument<string?>("NAME")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Tag the image under this name (default: SOURCE as given).",
        };
        var erofsVersion = ErofsVersionOption.Create();
        var command = new Command("pull",
            "Import an image: its layers, config and manifest as streams, its composefs image, and a tag.")
        {
            source, name, erofsVersion
        };
        command.Aliases.Add("import");
        command.SetAction(parse =>
        {
            string text = parse.GetValue(source)!;
            var reference = ImageSourceArgument.Parse(text, "SOURCE");
            string tag = parse.GetValue(name) ?? text;
            try
            {
                OciStreamNames.ValidateTag(tag);
            }
            catch (ArgumentException e)
            {
                throw new Deployments.UsageException($"NAME: {e.Message}");
            }
            using var repository = context.OpenRepository(parse);
            var result = OciImporter.Import(repository, reference, tag,
                ImportProgressText.OnTerminal(ComposefsContext.Error(parse)),
                ErofsVersionOption.Value(parse, erofsVersion));
            var output = ComposefsContext.Out(parse);
            output.WriteLine($"manifest {result.Image.ManifestDigest}");
            output.WriteLine($"config   {result.Image.ConfigDigest}");
            output.WriteLine($"verity   {result.ImageId.ToHex()}");
            output.WriteLine($"tagged   {result.Tag}");
            output.WriteLine($"layers   {result.LayersImported} imported, {result.LayersPresent} already present");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Images(ComposefsContext context)
    {
        var command = new Command("images", "List the tagged images: tag, manifest digest and composefs image id.");
        command.SetAction(parse =>
        {
            using var repository = context.OpenRepositoryForReading(parse);
            var output = ComposefsContext.Out(parse);
            foreach (var (tag, manifest) in OciRepository.ListTags(repository))
            {
                var image = OciRepository.OpenManifest(repository, manifest);
                output.WriteLine($"{tag}\t{manifest}\t{image.ImageId?.ToHex() ?? "-"}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateImage(ComposefsContext context)
    {
        var erofsVersion = ErofsVersionOption.Create();
        var name = new Argument<string>("NAME")
        {
            Description = "The image: a tag, or @sha256:DIGEST of its manifest.",
        };
        var command = new Command("create-image",
            "(Re)build the composefs image of an imported image from its layers and record it in its config; "
            + "prints its id.")
        {
            name, erofsVersion
        };
        command.SetAction(parse =>
        {
            string which = parse.GetValue(name)!;
            using var repository = context.OpenRepository(parse);
            var image = OciRepository.Open(repository, which);
            var created = OciRepository.CreateImage(repository, image, which.StartsWith('@') ? null : which,
                ErofsVersionOption.Value(parse, erofsVersion));
            ComposefsContext.Out(parse).WriteLine(created.ImageId!.Value.ToHex());
            return ExitCodes.Success;
        });
        return command;
    }
}
