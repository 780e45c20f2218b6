namespace Acme.Boot;

/// <summary>The name this plugin's bootloader goes by: <c>--bootloader</c> takes it, detection answers with it, and
/// plugin.json declares it. Change all three together.</summary>
internal static class Bootloader
{
    public const string Name = "acme-boot";
}
