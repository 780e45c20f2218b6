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
