using System.CommandLine;
using BootcPlug.Cli.Docs;
using BootcPlug.Composefs.Erofs;
using BootcPlug.Composefs.FsVerity;

namespace BootcPlug.Cli.Commands.Composefs;

/// <summary>`composefs objects IMAGE`: the objects an image refers to, one hex id per line, sorted.</summary>
internal static class ObjectsVerb
{
    public static Command Create(ComposefsContext context)
    {
        var image = new Argument<string>("IMAGE")
        {
            Description = "An image file, or an image in the repository (full hex, ref name or refs/NAME).",
        };
        image.CompletesAsFile();
        var command = new Command("objects", "List the object ids an image refers to.") { image };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(image)!;
            HashSet<ObjectId> objects;
            if (File.Exists(name) && !Directory.Exists(name))
            {
                objects = ImageObjectReferences.CollectFile(name, null);
            }
            else
            {
                using var repository = context.OpenRepositoryForReading(parse);
                string path = repository.FindImage(name)
                    ?? throw new ArgumentException(
                        $"{name}: no such image file, and no image of that name in {repository.Path}");
                objects = ImageObjectReferences.CollectFile(path, repository.Algorithm);
            }
            WriteListing(ComposefsContext.Out(parse), ObjectIdOrder.ToSortedArray(objects));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// One hex id per line. To the real console the listing goes out as UTF-8 in large writes (a console write per
    /// line dominates on large images); to any other writer (tests), as text.
    /// </summary>
    private static void WriteListing(TextWriter output, ObjectId[] ids)
    {
        if (!ReferenceEquals(output, Console.Out))
        {
            foreach (var id in ids) output.WriteLine(id.ToHex());
            return;
        }
        using var stdout = Console.OpenStandardOutput();
        byte[] buffer = new byte[1 << 16];
        int used = 0;
        foreach (var id in ids)
        {
            var digest = id.Bytes;
            if (used + digest.Length * 2 + 1 > buffer.Length)
            {
                stdout.Write(buffer, 0, used);
                used = 0;
            }
            foreach (byte b in digest)
            {
                buffer[used++] = HexDigits[b >> 4];
                buffer[used++] = HexDigits[b & 0xF];
            }
            buffer[used++] = (byte)'\n';
        }
        stdout.Write(buffer, 0, used);
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;
}
