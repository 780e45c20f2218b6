using System.CommandLine;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Repository;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs objects IMAGE`: the objects an image refers to, one hex id per line, sorted.</summary>
internal static class ObjectsVerb
{
    public static Command Create(ComposefsContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "An image file, or an image in the repository (full hex, ref name or refs/NAME)." };
        var command = new Command("objects", "List the object ids an image refers to.") { image };
        command.SetAction(parse => ComposefsContext.Run(parse, () =>
        {
            string name = parse.GetValue(image)!;
            HashSet<ObjectId> objects;
            if (File.Exists(name) && !Directory.Exists(name))
            {
                objects = ImageObjectReferences.CollectFile(name, null);
            }
            else
            {
                using var repository = context.OpenRepository(parse);
                string path = repository.FindImage(name)
                    ?? throw new ArgumentException($"{name}: no such image file, and no image of that name in {repository.Path}");
                objects = ImageObjectReferences.CollectFile(path, repository.Algorithm);
            }
            var output = ComposefsContext.Out(parse);
            foreach (var hex in objects.Select(o => o.ToHex()).Order(StringComparer.Ordinal)) output.WriteLine(hex);
            return ExitCodes.Success;
        }));
        return command;
    }
}
