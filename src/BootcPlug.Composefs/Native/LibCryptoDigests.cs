using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BootcPlug.Composefs.Native;

/// <summary>
/// SHA-256 and SHA-512 through OpenSSL's low-level <c>SHA*_Init/Update/Final</c> on a caller-owned context.
/// </summary>
/// <remarks>
/// fs-verity hashes every 4096-byte block separately, so a per-call cost matters as much as the hash itself:
/// .NET's one-shot <c>HashData</c> creates and frees an EVP context per call, which took 11–16 % more time per
/// block than these calls on OpenSSL 3.0 (benchmarks/README.md). The functions are deprecated in OpenSSL 3 but
/// exported with a stable ABI (1.1 and 3 share the context layouts); when the library or a symbol is missing,
/// <see cref="IsAvailable"/> is false and callers use .NET's hashing.
/// </remarks>
internal static unsafe class LibCryptoDigests
{
    /// <summary>Larger than both SHA256_CTX (112 bytes) and SHA512_CTX (216 bytes).</summary>
    private const int ContextSize = 256;

    private static readonly Functions? Loaded = Load();

    public static bool IsAvailable => Loaded is not null;

    public static void Sha256(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var f = Loaded!;
        Digest(f.Sha256Init, f.Sha256Update, f.Sha256Final, 32, source, destination);
    }

    public static void Sha512(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var f = Loaded!;
        Digest(f.Sha512Init, f.Sha512Update, f.Sha512Final, 64, source, destination);
    }

    [SkipLocalsInit]
    private static void Digest(
        delegate* unmanaged[SuppressGCTransition]<void*, int> init,
        delegate* unmanaged[SuppressGCTransition]<void*, byte*, nuint, int> update,
        delegate* unmanaged[SuppressGCTransition]<byte*, void*, int> final,
        int digestSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < digestSize)
            throw new ArgumentException($"the digest needs {digestSize} bytes", nameof(destination));
        byte* context = stackalloc byte[ContextSize];
        fixed (byte* input = source)
        fixed (byte* output = destination)
        {
            if (init(context) != 1 || update(context, input, (nuint)source.Length) != 1 || final(output, context) != 1)
                throw new InvalidOperationException($"OpenSSL's {digestSize * 8}-bit SHA-2 digest failed");
        }
    }

    private static Functions? Load()
    {
        if (Environment.GetEnvironmentVariable("BOOTCPLUG_DIGEST_BACKEND") == "dotnet") return null;
        // Only sonames whose context layout is known; an unversioned libcrypto.so could be any major version.
        foreach (string name in new[] { "libcrypto.so.3", "libcrypto.so.1.1" })
        {
            if (!NativeLibrary.TryLoad(name, out nint library)) continue;
            if (Functions.TryResolve(library) is { } functions) return functions;
            NativeLibrary.Free(library);
        }
        return null;
    }

    private sealed class Functions
    {
        public required delegate* unmanaged[SuppressGCTransition]<void*, int> Sha256Init;
        public required delegate* unmanaged[SuppressGCTransition]<void*, byte*, nuint, int> Sha256Update;
        public required delegate* unmanaged[SuppressGCTransition]<byte*, void*, int> Sha256Final;
        public required delegate* unmanaged[SuppressGCTransition]<void*, int> Sha512Init;
        public required delegate* unmanaged[SuppressGCTransition]<void*, byte*, nuint, int> Sha512Update;
        public required delegate* unmanaged[SuppressGCTransition]<byte*, void*, int> Sha512Final;

        public static Functions? TryResolve(nint library)
        {
            nint Get(string name) => NativeLibrary.TryGetExport(library, name, out nint address) ? address : 0;
            nint[] addresses = [Get("SHA256_Init"), Get("SHA256_Update"), Get("SHA256_Final"), Get("SHA512_Init"),
                Get("SHA512_Update"), Get("SHA512_Final")];
            if (Array.IndexOf(addresses, 0) >= 0) return null;
            return new Functions
            {
                Sha256Init = (delegate* unmanaged[SuppressGCTransition]<void*, int>)addresses[0],
                Sha256Update = (delegate* unmanaged[SuppressGCTransition]<void*, byte*, nuint, int>)addresses[1],
                Sha256Final = (delegate* unmanaged[SuppressGCTransition]<byte*, void*, int>)addresses[2],
                Sha512Init = (delegate* unmanaged[SuppressGCTransition]<void*, int>)addresses[3],
                Sha512Update = (delegate* unmanaged[SuppressGCTransition]<void*, byte*, nuint, int>)addresses[4],
                Sha512Final = (delegate* unmanaged[SuppressGCTransition]<byte*, void*, int>)addresses[5],
            };
        }
    }
}
