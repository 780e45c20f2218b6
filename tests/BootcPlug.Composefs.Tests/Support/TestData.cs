namespace BootcPlug.Composefs.Tests.Support;

/// <summary>Deterministic test inputs shared by the tests.</summary>
public static class TestData
{
    /// <summary>
    /// The repository tests' generator: gen(n, seed)[i] = (((i mod 256) + seed) mod 256) * 17 mod 256.
    /// </summary>
    public static byte[] Gen(int length, int seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte)(((i % 256 + seed) % 256) * 17 % 256);
        return data;
    }

    public static byte[] Repeat(byte value, int length)
    {
        var data = new byte[length];
        Array.Fill(data, value);
        return data;
    }
}
