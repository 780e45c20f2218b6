namespace TestPlugins;

public sealed partial class ThrowingBootloader
{
    private const string Reason = "a contract-3.0 plugin must never be instantiated by a 2.x host";
}
