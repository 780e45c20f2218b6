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

    private ComposefsFormatException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    /// <summary>A problem on a line of a text input such as a dumpfile.</summary>
    public static ComposefsFormatException AtLine(string file, int line, string problem) => new(file, line, problem);

    /// <summary>The line number, for text inputs.</summary>
    public int? Line { get; }

    /// <summary>The path or name of the malformed input.</summary>
    public string File { get; }

    /// <summary>The byte offset of the problem, when known.</summary>
    public long? Offset { get; }

    public string Problem { get; }

    private static string Describe(string file, long? offset, string problem) =>
        offset is long at ? $"{file}: at offset {at} (0x{at:x}): {problem}" : $"{file}: {problem}";
}
