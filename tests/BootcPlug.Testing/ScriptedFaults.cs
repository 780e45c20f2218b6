using BootcPlug.Platform;

namespace BootcPlug.Testing;

/// <summary>
/// Fault points for in-process crash tests: each point reached goes to <see cref="OnStep"/>, which records it, or
/// throws at the chosen one to stop the operation there as a crash would.
/// </summary>
public sealed class ScriptedFaults : IFaultPoints
{
    public Action<string>? OnStep { get; set; }

    public void Reached(string point) => OnStep?.Invoke(point);

    /// <summary>Records every point into <paramref name="steps"/>.</summary>
    public static ScriptedFaults Recording(List<string> steps) => new() { OnStep = steps.Add };

    /// <summary>Throws <paramref name="crash"/> at the point numbered <paramref name="index"/> (from 0).</summary>
    public static ScriptedFaults CrashingAt(int index, Func<Exception> crash)
    {
        int reached = 0;
        return new ScriptedFaults { OnStep = _ => { if (reached++ == index) throw crash(); } };
    }
}
