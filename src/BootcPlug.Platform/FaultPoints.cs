namespace BootcPlug.Platform;

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
