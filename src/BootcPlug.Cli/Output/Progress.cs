namespace BootcPlug.Cli.Output;

/// <summary>Progress lines on stderr, only when stderr is a terminal (a person is watching a long run).</summary>
public static class Progress
{
    public static IProgress<string>? OnTerminal(TextWriter error) =>
        Console.IsErrorRedirected ? null : new Reporter(error);

    private sealed class Reporter(TextWriter error) : IProgress<string>
    {
        public void Report(string value) => error.WriteLine(value);
    }
}
