namespace BootcPlug.Cli;

/// <summary>The exit codes of the command-line contract (docs/command-line.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
