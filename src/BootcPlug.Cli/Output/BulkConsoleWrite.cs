using System.Text;

namespace BootcPlug.Cli.Output;

/// <summary>
/// Writes a whole listing at once. <see cref="Console.Out"/> passes long text to the terminal in pieces of a few
/// hundred bytes, a write(2) each; to the real console the text goes out as one UTF-8 write instead. Any other
/// writer (tests) gets the text as it is.
/// </summary>
internal static class BulkConsoleWrite
{
    public static void Write(TextWriter output, string text)
    {
        if (!ReferenceEquals(output, Console.Out))
        {
            output.Write(text);
            return;
        }
        output.Flush();
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(Encoding.UTF8.GetBytes(text));
    }
}
