using System.Runtime.InteropServices;

namespace BootcPlug.Deployments.Faults;

/// <summary>
/// Named points between the mutating steps of every operation. Tests stop an operation at one of them: in process
/// by throwing (<see cref="ThrowAt"/>), or for real by setting BOOTCPLUG_FAULT_AT=&lt;point&gt;, which kills the
/// process with SIGKILL there — no finally block, no flush, as a power cut would.
/// </summary>
public static partial class FaultPoints
{
    public const string EnvironmentVariable = "BOOTCPLUG_FAULT_AT";

    private static readonly string? KillAt = Environment.GetEnvironmentVariable(EnvironmentVariable);

    /// <summary>For in-process tests: the point at which <see cref="Reached"/> throws <see cref="InjectedFaultException"/>.</summary>
    public static AsyncLocal<string?> ThrowAt { get; } = new();

    /// <summary>Every point reached so far in this async flow, when recording (tests list the points of an operation).</summary>
    public static AsyncLocal<List<string>?> Recorder { get; } = new();

    public static void Reached(string point)
    {
        Recorder.Value?.Add(point);
        if (ThrowAt.Value == point) throw new InjectedFaultException(point);
        if (KillAt == point)
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
