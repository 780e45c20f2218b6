namespace BootcPlug.Bootloaders;

/// <summary>
/// Crash recovery for a plugin whose changes can leave something behind (a half-done swap, temporary files). A plugin
/// whose every change is a single rename has nothing to recover and does not implement it.
/// </summary>
public interface IBootRecovery
{
    /// <summary>
    /// Called by writers only, holding the exclusive host lock, before they read: finishes or undoes whatever an
    /// interrupted change of this plugin left, so that the files on disk become what <see
    /// cref="IBootMenu.ListEntries"/>
    /// and <see cref="IBootArtifactStore.ListArtifacts"/> already report. Readers never call it.
    /// </summary>
    void Recover(BootContext context);
}
