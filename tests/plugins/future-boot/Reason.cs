namespace TestPlugins;

public sealed partial class ThrowingBootloader
{
    private const string Reason = "a contract-2.0 plugin must never be instantiated by a 1.x host";
}
