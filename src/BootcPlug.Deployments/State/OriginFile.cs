using BootcPlug.Platform;


namespace BootcPlug.Deployments.State;

/// <summary>
/// A deployment's `&lt;verity&gt;.origin`: where its image came from and how it boots (bootc's keys; unknown keys
/// are kept when the file is rewritten).
/// </summary>
public sealed class OriginFile
{
    public const string ReferencePrefix = "ostree-unverified-image:";

    private readonly IniDocument _document;

    private OriginFile(IniDocument document) => _document = document;

    public static OriginFile Create() => new(new IniDocument());

    /// <summary>
    /// Reads an origin; null when the file does not exist. A malformed file throws <see cref="StateFileException"/>.
    /// </summary>
    public static OriginFile? Read(string path)
    {
        if (!File.Exists(path)) return null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(path, null, $"cannot read: {ex.Message}");
        }
        return new OriginFile(IniDocument.Parse(text, path));
    }

    /// <summary>`ostree-unverified-image:docker://quay.io/x:y` and the like.</summary>
    public string? ContainerImageReference
    {
        get => _document.Get("origin", "container-image-reference");
        set => SetOrIgnore("origin", "container-image-reference", value);
    }

    /// <summary>`bls` or `uki`.</summary>
    public string? BootType
    {
        get => _document.Get("boot", "boot_type");
        set => SetOrIgnore("boot", "boot_type", value);
    }

    /// <summary>sha256 of vmlinuz followed by initrd (64 hex).</summary>
    public string? BootDigest
    {
        get => _document.Get("boot", "digest");
        set => SetOrIgnore("boot", "digest", value);
    }

    /// <summary>The OCI manifest digest, `sha256:…`.</summary>
    public string? ManifestDigest
    {
        get => _document.Get("image", "manifest_digest");
        set => SetOrIgnore("image", "manifest_digest", value);
    }

    public override string ToString() => _document.ToString();

    /// <summary>Writes the origin atomically and durably (temp file, fsync, rename, fsync of the directory).</summary>
    public void Write(string path, DurableFiles durable) => durable.WriteText(path, ToString());

    private void SetOrIgnore(string section, string key, string? value)
    {
        if (value is not null) _document.Set(section, key, value);
    }
}
