namespace BootcPlug.Generators.Helpers
{
    /// <summary>A minimal combiner for netstandard2.0, which has no System.HashCode.</summary>
    internal static class HashCode
    {
        public static int Combine(int seed, int value) => unchecked((seed * -1521134295) + value);
    }
}
