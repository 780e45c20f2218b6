namespace BootcPlug.Platform;

/// <summary>
/// Named points between the mutating steps of an operation, reported just before the next step runs. Production
/// passes <see cref="FaultPoints.None"/> or, for crash sweeps, a <see cref="ProcessFaultPoints"/> built from the
/// environment; an in-process test passes its own (one that records the points, or throws at one to stop the
/// operation there as a crash would).
/// </summary>
public interface IFaultPoints
{
    /// <summary>The operation is about to take the step <paramref name="point"/>.</summary>
    void Reached(string point);
}

/// <summary>The do-nothing fault points, and naming helpers.</summary>
public static class FaultPoints
{
    /// <summary>Fault points that do nothing (every production run without a crash sweep).</summary>
    public static IFaultPoints None { get; } = new Nothing();

    /// <summary>Reports every point to <paramref name="inner"/>, <paramref name="prefix"/> in front ("io:").</summary>
    public static IFaultPoints WithPrefix(this IFaultPoints inner, string prefix) =>
        ReferenceEquals(inner, None) ? inner : new Prefixed(inner, prefix);

    private sealed class Nothing : IFaultPoints
    {
        public void Reached(string point)
        {
        }
    }

    private sealed class Prefixed(IFaultPoints inner, string prefix) : IFaultPoints
    {
        public void Reached(string point) => inner.Reached(prefix + point);
    }
}
