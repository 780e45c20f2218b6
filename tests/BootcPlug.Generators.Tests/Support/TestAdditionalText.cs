using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BootcPlug.Generators.Tests.Support;

internal sealed class TestAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
