using System.Diagnostics;

namespace BootcPlug.Composefs.Repository;

/// <summary>
/// Phase timings of the repository GC for the benchmarks: with <c>BOOTCPLUG_GC_PHASES=1</c> each phase (mark,
/// scan, links, unlink) writes one line to stderr with its wall and CPU time and the process's peak resident size
/// so far. Off (null) otherwise.
/// </summary>
internal sealed class GcPhaseTimer
{
    public const string Variable = "BOOTCPLUG_GC_PHASES";

    private long _started = Stopwatch.GetTimestamp();
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;

    public static GcPhaseTimer? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) == "1" ? new GcPhaseTimer() : null;

    public void End(string phase, long items)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        Console.Error.WriteLine(
            $"gc phase {phase}: {Stopwatch.GetElapsedTime(_started).TotalSeconds:F3} s wall, "
            + $"{(cpu - _cpu).TotalSeconds:F3} s cpu, {items} items, peak RSS {PeakResidentKilobytes()} KiB");
        _started = Stopwatch.GetTimestamp();
        _cpu = cpu;
    }

    private static string PeakResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return line["VmHWM:".Length..].Trim().Split(' ')[0];
        return "?";
    }
}
