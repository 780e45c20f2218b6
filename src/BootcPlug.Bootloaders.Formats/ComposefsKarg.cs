namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// The kernel argument that names the deployment's image: <c>composefs=&lt;hex&gt;</c> (what bootc writes), or
/// composefs-rs's <c>composefs.digest=v1-sha512-12:&lt;hex&gt;</c> (the form it boots V1 images with; <c>v2-</c>
/// also exists). A <c>?</c> right after <c>=</c> means fs-verity is optional.
/// </summary>
/// <param name="Verity">The digest, without the <c>?</c> or the descriptor.</param>
/// <param name="MissingVerityAllowed">True for <c>composefs=?&lt;digest&gt;</c>.</param>
public sealed record ComposefsKarg(string Verity, bool MissingVerityAllowed)
{
    /// <summary>The key; <c>composefs_backup=</c> and the like do not match.</summary>
    public const string Key = "composefs";

    /// <summary>
    /// composefs-rs's key with a format descriptor; it wins over <c>composefs=</c> when both are given.
    /// </summary>
    public const string DigestKey = "composefs.digest";

    /// <summary>
    /// The descriptor of a <c>composefs.digest=</c> argument ("v1-sha512-12"); null for <c>composefs=</c>.
    /// </summary>
    public string? Descriptor { get; init; }

    /// <summary>
    /// Finds the image argument in a command line, or null (also for an empty value): the first well-formed
    /// <c>composefs.digest=</c>, else the first <c>composefs=</c>, as composefs-rs's initramfs reads them.
    /// </summary>
    public static ComposefsKarg? Find(string? commandLine)
    {
        if (string.IsNullOrWhiteSpace(commandLine)) return null;
        var arguments = commandLine.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var argument in arguments)
        {
            if (!argument.StartsWith(DigestKey + "=", StringComparison.Ordinal)) continue;
            var (value, optional) = Value(argument, DigestKey);
            if (TryParseDescribed(value, out string descriptor, out string hex))
                return new ComposefsKarg(hex, optional) { Descriptor = descriptor };
        }
        foreach (var argument in arguments)
        {
            if (!argument.StartsWith(Key + "=", StringComparison.Ordinal)) continue;
            var (value, optional) = Value(argument, Key);
            return value.Length == 0 ? null : new ComposefsKarg(value, optional);
        }
        return null;
    }

    private static (string Value, bool Optional) Value(string argument, string key)
    {
        var value = argument[(key.Length + 1)..].Trim('"');
        bool optional = value.StartsWith('?');
        return (optional ? value[1..] : value, optional);
    }

    /// <summary>"v1-sha256-12:HEX" or "v2-sha512-12:HEX", with as many hex digits as the hash has.</summary>
    private static bool TryParseDescribed(string value, out string descriptor, out string hex)
    {
        descriptor = hex = "";
        int colon = value.IndexOf(':');
        if (colon < 0) return false;
        descriptor = value[..colon];
        hex = value[(colon + 1)..];
        int hexLength = descriptor switch
        {
            "v1-sha256-12" or "v2-sha256-12" => 64,
            "v1-sha512-12" or "v2-sha512-12" => 128,
            _ => 0,
        };
        return hexLength != 0 && hex.Length == hexLength && hex.All(Uri.IsHexDigit);
    }

    /// <summary>The argument as written on a command line, in the form it was read in.</summary>
    public override string ToString() => Descriptor is null
        ? $"{Key}={(MissingVerityAllowed ? "?" : "")}{Verity}"
        : $"{DigestKey}={(MissingVerityAllowed ? "?" : "")}{Descriptor}:{Verity}";
}
