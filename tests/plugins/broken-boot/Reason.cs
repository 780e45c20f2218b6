namespace TestPlugins;

public sealed partial class ThrowingBootloader
{
    private const string Reason = "acme licence file missing";
}
