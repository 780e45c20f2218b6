using System.Diagnostics;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Phase timings of the repository GC for the benchmarks: with <c>BOOTCPLUG_GC_PHASES=1</c> each phase (mark,
/// scan, links, unlink) writes one line to stderr with its wall and CPU time, the process's peak resident size so
/// far, what is resident now (anonymous memory, mapped files and shared memory apart), the managed heap and
/// what the phase allocated. Off (null) otherwise.
/// </summary>
internal sealed class GcPhaseTimer
{
    public const string Variable = "BOOTCPLUG_GC_PHASES";

    private long _started = Stopwatch.GetTimestamp();
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;
    private long _allocated = GC.GetTotalAllocatedBytes();

    public static GcPhaseTimer? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) == "1" ? new GcPhaseTimer() : null;

    public void End(string phase, long items)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        long allocated = GC.GetTotalAllocatedBytes();
        Console.Error.WriteLine(
            $"gc phase {phase}: {Stopwatch.GetElapsedTime(_started).TotalSeconds:F3} s wall, "
            + $"{(cpu - _cpu).TotalSeconds:F3} s cpu, {items} items, peak RSS {Status("VmHWM")} KiB "
            + $"(now {Status("RssAnon")} anon + {Status("RssFile")} file + {Status("RssShmem")} shared KiB, "
            + $"managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1024} KiB, "
            + $"{(allocated - _allocated) / 1024} KiB allocated in the phase)");
        _started = Stopwatch.GetTimestamp();
        _cpu = cpu;
        _allocated = allocated;
    }

    /// <summary>A field of /proc/self/status in KiB.</summary>
    private static string Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return line[(field.Length + 1)..].Trim().Split(' ')[0];
        return "?";
    }
}
