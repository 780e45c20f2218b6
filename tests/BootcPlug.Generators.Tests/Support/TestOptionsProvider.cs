using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BootcPlug.Generators.Tests.Support;

/// <summary>Gives additional files their item metadata, as MSBuild does through its generated editorconfig: the
/// same for every file (<see cref="TestOptionsProvider(IReadOnlyDictionary{string, string})"/>, as from the csproj),
/// or each its own, keyed by path (<see cref="PerFile"/>).</summary>
internal sealed class TestOptionsProvider(Func<AdditionalText, IReadOnlyDictionary<string, string>?> optionsOf)
    : AnalyzerConfigOptionsProvider
{
    public TestOptionsProvider(IReadOnlyDictionary<string, string> fileOptions)
        : this(_ => fileOptions)
    {
    }

    public static TestOptionsProvider PerFile(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byPath) =>
        new(file => byPath.TryGetValue(file.Path, out var values) ? values : null);

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }

    private static readonly Options Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions => Empty;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        optionsOf(textFile) is { } values ? new Options(values) : Empty;
}
