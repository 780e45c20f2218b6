using System.Runtime.InteropServices;

namespace BootcPlug.Deployments.Faults;

/// <summary>
/// Named points between the mutating steps of every operation, and (once <see cref="HookDurableIO"/> ran) before
/// every durable file step (`io:rename:…`). Tests stop an operation at one of them: in process by throwing
/// (<see cref="ThrowAt"/>, <see cref="ThrowAtIndex"/>), or for real with BOOTCPLUG_FAULT_AT=&lt;point&gt; or
/// BOOTCPLUG_FAULT_AT=#&lt;n&gt; (the n-th point, from 1), which kills the process with SIGKILL there — no finally
/// block, no flush, as a power cut would. BOOTCPLUG_FAULT_LOG=&lt;file&gt; appends the name of every point reached to
/// that file (crash sweeps list the points of a verb with it).
/// </summary>
public static partial class FaultPoints
{
    public const string EnvironmentVariable = "BOOTCPLUG_FAULT_AT";

    public const string LogVariable = "BOOTCPLUG_FAULT_LOG";

    /// <summary>Set to 1 to make the CLI swap directories as on a filesystem that refuses RENAME_EXCHANGE (crash sweeps).</summary>
    public const string ExchangeFallbackVariable = "BOOTCPLUG_FORCE_EXCHANGE_FALLBACK";

    private static readonly string? KillAt = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private static readonly string? LogPath = Environment.GetEnvironmentVariable(LogVariable);

    /// <summary>For in-process tests: the point at which <see cref="Reached"/> throws <see cref="InjectedFaultException"/>.</summary>
    public static AsyncLocal<string?> ThrowAt { get; } = new();

    /// <summary>Starts counting points from zero again in this async flow (before each in-process attempt).</summary>
    public static void ResetCount() => s_count.Value = 0;

    /// <summary>For in-process tests: throw at the n-th point reached (from 1) in this async flow.</summary>
    public static AsyncLocal<int?> ThrowAtIndex { get; } = new();

    /// <summary>Every point reached so far in this async flow, when recording (tests list the points of an operation).</summary>
    public static AsyncLocal<List<string>?> Recorder { get; } = new();

    private static readonly AsyncLocal<int> s_count = new();
    private static int s_processCount;
    private static readonly object s_logLock = new();

    /// <summary>
    /// Routes every durable write, rename and exchange of the bootloader plugins (`io:…`) and every step of object
    /// storage, image commit and repository sweep (`repo:…`) through <see cref="Reached"/>; honours
    /// <see cref="ExchangeFallbackVariable"/>. The CLI calls it once at start-up.
    /// </summary>
    public static void HookDurableIO()
    {
        BootcPlug.Bootloaders.Formats.IO.DurableIO.StepHook = step => Reached("io:" + step);
        BootcPlug.Composefs.Repository.RepositoryFaults.StepHook = step => Reached("repo:" + step);
        if (Environment.GetEnvironmentVariable(ExchangeFallbackVariable) == "1")
            BootcPlug.Bootloaders.Formats.IO.DurableIO.ForceExchangeFallback = true;
    }

    public static void Reached(string point)
    {
        Recorder.Value?.Add(point);
        s_count.Value++;
        int processIndex = Interlocked.Increment(ref s_processCount);
        if (LogPath is not null) lock (s_logLock) File.AppendAllText(LogPath, point + "\n");
        if (ThrowAt.Value == point || ThrowAtIndex.Value == s_count.Value) throw new InjectedFaultException(point);
        if (KillAt == point || KillAt == "#" + processIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Console.Error.WriteLine($"bootcplug: fault injected at {point}: killing the process");
            kill(getpid(), 9);
        }
    }

    [LibraryImport("libc")]
    private static partial int getpid();

    [LibraryImport("libc")]
    private static partial int kill(int pid, int signal);
}

public sealed class InjectedFaultException(string point) : Exception($"fault injected at {point}")
{
    public string Point { get; } = point;
}
