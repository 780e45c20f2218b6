namespace BootcPlug.Composefs.Oci;

/// <summary>An OCI content digest "sha256:&lt;64 lowercase hex&gt;" (the only algorithm images use here).</summary>
public readonly record struct OciDigest
{
    private const string Prefix = "sha256:";

    private OciDigest(string value) => Value = value;

    /// <summary>The digest as written in OCI JSON: "sha256:" and 64 lowercase hex digits.</summary>
    public string Value { get; }

    /// <summary>The 64 hex digits.</summary>
    public string Hex => Value[Prefix.Length..];

    public static bool TryParse(string? text, out OciDigest digest)
    {
        digest = default;
        if (text is null || text.Length != Prefix.Length + 64 || !text.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        foreach (char c in text.AsSpan(Prefix.Length))
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        digest = new OciDigest(text);
        return true;
    }

    /// <summary>Parses a digest; <paramref name="where"/> names its source in the error.</summary>
    public static OciDigest Parse(string? text, string where) =>
        TryParse(text, out var digest)
            ? digest
            : throw new ComposefsFormatException(where, null,
                $"'{text}' is not a sha256 digest (sha256: and 64 lowercase hex digits)");

    public static OciDigest FromSha256(ReadOnlySpan<byte> hash) => new(Prefix + Convert.ToHexStringLower(hash));

    public static OciDigest Compute(ReadOnlySpan<byte> content) =>
        FromSha256(System.Security.Cryptography.SHA256.HashData(content));

    public override string ToString() => Value ?? "";
}
