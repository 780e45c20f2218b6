namespace BootcPlug.Composefs;

/// <summary>
/// A composefs image, splitstream, dumpfile or repository file is malformed. The message names the file (or
/// image name) and, where there is one, the byte offset of the problem.
/// </summary>
public sealed class ComposefsFormatException : Exception
{
    public ComposefsFormatException(string file, long? offset, string problem, Exception? inner = null)
        : base(Describe(file, offset, problem), inner)
    {
        File = file;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The path or name of the malformed input.</summary>
    public string File { get; }

    /// <summary>The byte offset (or, for dumpfiles, the line number) of the problem, when known.</summary>
    public long? Offset { get; }

    public string Problem { get; }

    private static string Describe(string file, long? offset, string problem) =>
        offset is long at ? $"{file}: at offset {at} (0x{at:x}): {problem}" : $"{file}: {problem}";
}
