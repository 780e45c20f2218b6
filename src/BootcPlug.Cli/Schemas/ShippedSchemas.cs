using System.Reflection;

namespace BootcPlug.Cli.Schemas;

/// <summary>The JSON schemas embedded in the executable (schemas/*.schema.json of the repository).</summary>
public static class ShippedSchemas
{
    private const string ResourcePrefix = "schemas/";
    private const string Suffix = ".schema.json";

    /// <summary>The status document's schema, used when no other is named.</summary>
    public const string DefaultName = "host-v1";

    public static IReadOnlyList<string> Names { get; } = typeof(ShippedSchemas).Assembly.GetManifestResourceNames()
        .Where(n =>
            n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(Suffix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^Suffix.Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The text of a shipped schema by name, with or without its `.schema.json` suffix; null if unknown.
    /// </summary>
    public static string? Read(string name)
    {
        string stem = name.EndsWith(Suffix, StringComparison.Ordinal) ? name[..^Suffix.Length] : name;
        using Stream? stream =
            typeof(ShippedSchemas).Assembly.GetManifestResourceStream(ResourcePrefix + stem + Suffix);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
