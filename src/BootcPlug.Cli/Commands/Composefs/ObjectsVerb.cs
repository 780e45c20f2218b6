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
            (ObjectIdSet Sha256, ObjectIdSet Sha512) objects;
            if (File.Exists(name) && !Directory.Exists(name))
            {
                objects = ImageObjectReferences.CollectFileSets(name, null);
            }
            else
            {
                using var repository = context.OpenRepositoryForReading(parse);
                string path = repository.FindImage(name)
                    ?? throw new ArgumentException(
                        $"{name}: no such image file, and no image of that name in {repository.Path}");
                objects = ImageObjectReferences.CollectFileSets(path, repository.Algorithm);
            }
            WriteListing(ComposefsContext.Out(parse), objects.Sha256, objects.Sha512);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// One hex id per line, in byte order (the two sets merged; an image normally has only one algorithm). To the
    /// real console the listing goes out as UTF-8 in 64 KiB writes (a console write per line dominates on large
    /// images); to any other writer (tests), as text.
    /// </summary>
    private static void WriteListing(TextWriter output, ObjectIdSet first, ObjectIdSet second)
    {
        if (!ReferenceEquals(output, Console.Out))
        {
            foreach (var digest in Merged(first, second)) output.WriteLine(Convert.ToHexStringLower(digest.Span));
            return;
        }
        output.Flush();
        using var stdout = Console.OpenStandardOutput();
        byte[] buffer = new byte[1 << 16];
        int used = 0;
        foreach (var memory in Merged(first, second))
        {
            var digest = memory.Span;
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

    /// <summary>The digests of both sets in byte order.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Merged(ObjectIdSet first, ObjectIdSet second)
    {
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
        {
            bool takeFirst = j >= second.Count
                || (i < first.Count && first.DigestAt(i).SequenceCompareTo(second.DigestAt(j)) <= 0);
            yield return takeFirst ? first.DigestMemoryAt(i++) : second.DigestMemoryAt(j++);
        }
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;
}
