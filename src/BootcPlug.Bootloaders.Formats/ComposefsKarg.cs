namespace BootcPlug.Bootloaders.Formats;

/// <summary>
/// The <c>composefs=</c> kernel argument: the deployment's verity, with a leading <c>?</c> when fs-verity is optional.
/// </summary>
/// <param name="Verity">The digest, without the <c>?</c>.</param>
/// <param name="MissingVerityAllowed">True for <c>composefs=?&lt;digest&gt;</c>.</param>
public sealed record ComposefsKarg(string Verity, bool MissingVerityAllowed)
{
    /// <summary>The key; <c>composefs_backup=</c> and the like do not match.</summary>
    public const string Key = "composefs";

    /// <summary>
    /// Finds the first <c>composefs=</c> argument in a command line, or null (also for an empty value).
    /// </summary>
    public static ComposefsKarg? Find(string? commandLine)
    {
        if (string.IsNullOrWhiteSpace(commandLine)) return null;
        foreach (var argument in commandLine.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!argument.StartsWith(Key + "=", StringComparison.Ordinal)) continue;
            var value = argument[(Key.Length + 1)..].Trim('"');
            bool optional = value.StartsWith('?');
            if (optional) value = value[1..];
            return value.Length == 0 ? null : new ComposefsKarg(value, optional);
        }
        return null;
    }

    /// <summary>The argument as written on a command line.</summary>
    public override string ToString() => $"{Key}={(MissingVerityAllowed ? "?" : "")}{Verity}";
}
