namespace BootcPlug.Platform;

/// <summary>
/// The platform services of one process, built once by the composition root (the CLI's Program) and handed to the
/// host operations, the repository and, through <c>BootContext.Services</c>, the plugins: the fault points, and the
/// durable file operations that report to them (as <c>io:STEP</c>).
/// </summary>
public sealed class PlatformServices : IServiceProvider
{
    /// <summary>No fault points, RENAME_EXCHANGE where the filesystem has it: a run outside a crash sweep.</summary>
    public static PlatformServices Default { get; } = new(FaultPoints.None);

    /// <param name="faults">Where every named step of the process is reported.</param>
    /// <param name="refuseExchange">Swap directories as on a filesystem that refuses RENAME_EXCHANGE.</param>
    public PlatformServices(IFaultPoints faults, bool refuseExchange = false)
    {
        Faults = faults;
        Files = new DurableFiles(faults.WithPrefix("io:"), refuseExchange);
    }

    /// <summary>From the crash-sweep variables (<see cref="ProcessFaultPoints"/>), else the default.</summary>
    public static PlatformServices FromEnvironment()
    {
        var faults = ProcessFaultPoints.FromEnvironment();
        bool refuseExchange = Environment.GetEnvironmentVariable(ProcessFaultPoints.ExchangeFallbackVariable) == "1";
        return ReferenceEquals(faults, FaultPoints.None) && !refuseExchange
            ? Default
            : new PlatformServices(faults, refuseExchange);
    }

    public IFaultPoints Faults { get; }

    public DurableFiles Files { get; }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(DurableFiles) ? Files
        : serviceType == typeof(IFaultPoints) ? Faults
        : serviceType == typeof(PlatformServices) ? this
        : null;
}
