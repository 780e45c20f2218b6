namespace BootcPlug.Bootloaders;

/// <summary>
/// The version of the bootloader plugin contract: the role interfaces (<see cref="IBootMenu"/>,
/// <see cref="IBootArtifactStore"/>, <see cref="IBootloaderDetector"/>, <see cref="IBootRecovery"/>) and the values
/// they exchange.
/// </summary>
/// <remarks>
/// A plugin states the contract version it was built against in its <c>plugin.json</c>
/// (<c>contractVersion</c>, "major.minor"). The host loads it only when the majors are equal and the
/// plugin's minor is not newer than <see cref="Minor"/>. A change that breaks existing plugins raises
/// <see cref="Major"/>; an addition that old plugins can ignore raises <see cref="Minor"/>.
/// 2.0 replaced the single 1.x <c>IBootloader</c> and its feature flags with the role interfaces.
/// </remarks>
public static class BootloaderContract
{
    /// <summary>The major version: plugins must match it exactly.</summary>
    public const int Major = 2;

    /// <summary>The minor version: plugins may state this minor or an older one.</summary>
    public const int Minor = 0;

    /// <summary>The version as written in a manifest, "major.minor".</summary>
    public const string Version = "2.0";

    /// <summary>The prefix of every kernel directory and UKI that bootc-style tools own:
    /// <c>bootc_composefs-</c>.</summary>
    public const string ArtifactPrefix = "bootc_composefs-";
}
