using BootcPlug.Bootloaders;

namespace TestPlugins;

/// <summary>
/// A plugin class whose constructor throws <see cref="Reason"/> (each project that compiles this file supplies it). The
/// broken-boot plugin uses it to prove a throwing plugin is reported; future-boot, whose manifest states contract 3.0,
/// to prove such a plugin is refused before any of its code runs. It implements the one role it needs to be found.
/// </summary>
public sealed partial class ThrowingBootloader : IBootRecovery
{
    public ThrowingBootloader() => throw new InvalidOperationException(Reason);

    public void Recover(BootContext context) => throw new InvalidOperationException(Reason);
}
