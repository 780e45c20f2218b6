using System.Globalization;

namespace BootcPlug.Platform;

/// <summary>
/// The fault points of a crash sweep, for the whole process. BOOTCPLUG_FAULT_AT=&lt;point&gt; or
/// BOOTCPLUG_FAULT_AT=#&lt;n&gt; (the n-th point reached, from 1) kills the process with SIGKILL there: no finally
/// block, no flush, as a power cut would. BOOTCPLUG_FAULT_LOG=&lt;file&gt; appends the name of every point reached to
/// that file (crash sweeps list the points of a verb with it).
/// </summary>
public sealed class ProcessFaultPoints : IFaultPoints
{
    public const string EnvironmentVariable = "BOOTCPLUG_FAULT_AT";

    public const string LogVariable = "BOOTCPLUG_FAULT_LOG";

    /// <summary>Set to 1 to swap directories as on a filesystem that refuses RENAME_EXCHANGE (crash sweeps).</summary>
    public const string ExchangeFallbackVariable = "BOOTCPLUG_FORCE_EXCHANGE_FALLBACK";

    private readonly string? _killAt;
    private readonly string? _logPath;
    private readonly Lock _logLock = new();
    private int _count;

    public ProcessFaultPoints(string? killAt, string? logPath)
    {
        _killAt = killAt;
        _logPath = logPath;
    }

    /// <summary>
    /// The fault points the environment asks for, or <see cref="FaultPoints.None"/> when it asks for none (the
    /// usual case: then reaching a point costs nothing).
    /// </summary>
    public static IFaultPoints FromEnvironment()
    {
        string? killAt = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string? logPath = Environment.GetEnvironmentVariable(LogVariable);
        return killAt is null && logPath is null ? FaultPoints.None : new ProcessFaultPoints(killAt, logPath);
    }

    public void Reached(string point)
    {
        int index = Interlocked.Increment(ref _count);
        if (_logPath is not null) lock (_logLock) File.AppendAllText(_logPath, point + "\n");
        if (_killAt == point || _killAt == "#" + index.ToString(CultureInfo.InvariantCulture))
        {
            Console.Error.WriteLine($"bootcplug: fault injected at {point}: killing the process");
            LibC.Kill(LibC.Getpid(), LibC.SIGKILL);
        }
    }
}
