using System.Buffers.Binary;

namespace BootcPlug.Composefs.Tests.Fuzz;

/// <summary>Deterministic structure-unaware mutations: byte flips, random integers, truncation, duplication.</summary>
public static class Mutator
{
    public static byte[] Mutate(byte[] original, Random random, int hotRegionEnd)
    {
        byte[] data = (byte[])original.Clone();
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            int limit = Math.Max(1, Math.Min(data.Length, random.Next(2) == 0 ? hotRegionEnd : data.Length));
            int at = random.Next(limit);
            switch (random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when at + 4 <= data.Length:
                    BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), Interesting32(random));
                    break;
                case 3 when at + 8 <= data.Length:
                    BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(at),
                        (ulong)Interesting32(random) << random.Next(33));
                    break;
                case 4:
                    data = data[..Math.Max(0, at)];
                    break;
                case 5 when at + 2 <= data.Length:
                    BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(at), (ushort)Interesting32(random));
                    break;
                default:
                    int length = Math.Min(random.Next(64), data.Length - at);
                    int to = random.Next(Math.Max(1, data.Length - length));
                    data.AsSpan(at, length).CopyTo(data.AsSpan(to));
                    break;
            }
            if (data.Length == 0) break;
        }
        return data;
    }

    private static uint Interesting32(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => 0xFFFFFFFF,
        2 => 0x7FFFFFFF,
        3 => 0x80000000,
        4 => (uint)random.Next(4096),
        5 => 36,
        6 => 4096,
        _ => (uint)random.Next(),
    };
}
