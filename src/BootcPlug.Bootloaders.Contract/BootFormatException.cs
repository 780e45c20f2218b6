namespace BootcPlug.Bootloaders;

/// <summary>
/// A boot file is malformed or unsafe to act on. The message starts with the file and, where it is known, the
/// 1-based line: <c>/boot/loader/entries/x.conf:3: missing 'version'</c>.
/// </summary>
public sealed class BootFormatException : Exception
{
    /// <summary>Creates the exception for a file and an optional line.</summary>
    public BootFormatException(string filePath, int? line, string problem, Exception? inner = null)
        : base(new BootProblem(filePath, line, problem).ToString(), inner)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line, when known.</summary>
    public int? Line { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    /// <summary>The same facts as a <see cref="BootProblem"/>.</summary>
    public BootProblem ToProblem() => new(FilePath, Line, Problem);
}
