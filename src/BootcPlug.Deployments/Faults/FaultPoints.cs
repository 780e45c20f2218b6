using System.Runtime.InteropServices;

namespace BootcPlug.Deployments.Faults;

/// <summary>
/// Named points between the mutating steps of every operation, and (once <see cref="HookDurableIO"/> ran) before
/// every durable file step (`io:rename:…`). Tests stop an operation at one of them with BOOTCPLUG_FAULT_AT=&lt;point&gt; or
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
        int processIndex = Interlocked.Increment(ref s_processCount);
        if (LogPath is not null) lock (s_logLock) File.AppendAllText(LogPath, point + "\n");
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
