using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BootcPlug.Generators.Tests.Support;

/// <summary>Gives each additional file its own item metadata, keyed by path, as MSBuild's editorconfig does.</summary>
internal sealed class PerFileOptionsProvider(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byPath)
    : AnalyzerConfigOptionsProvider
{
    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }

    private static readonly Options Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions => Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        byPath.TryGetValue(textFile.Path, out var values) ? new Options(values) : Empty;
}
