using System.Reflection;
using System.Text.RegularExpressions;
using BootcPlug.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BootcPlug.Generators.Tests;

/// <summary>docs/schema-generator.md lists exactly the diagnostics the generator can report.</summary>
public sealed partial class DocumentationTests
{
    private static string RepoRoot => typeof(DocumentationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [GeneratedRegex(@"^\| (BCPG\d{3}) \| (\w+) \| (.+?) \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticRow();

    private static IReadOnlyList<DiagnosticDescriptor> Defined() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToList();

    private static List<Match> DocumentedRows()
    {
        string doc = File.ReadAllText(Path.Combine(RepoRoot, "docs", "schema-generator.md"));
        string section = doc[doc.IndexOf("## Diagnostics", StringComparison.Ordinal)..];
        return DiagnosticRow().Matches(section).ToList();
    }

    [Fact]
    public void Every_defined_diagnostic_is_documented_once_with_its_severity_and_nothing_else_is()
    {
        var defined = Defined();
        var rows = DocumentedRows();
        Assert.NotEmpty(defined);
        Assert.Equal(defined.Select(d => d.Id).Order(), rows.Select(r => r.Groups[1].Value).Order());
        foreach (var descriptor in defined)
        {
            var row = rows.Single(r => r.Groups[1].Value == descriptor.Id);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row.Groups[2].Value);
            Assert.Same(descriptor, DiagnosticDescriptors.ById(descriptor.Id));
        }
    }

    [Fact]
    public void The_documented_messages_follow_the_descriptors_message_formats()
    {
        foreach (var descriptor in Defined())
        {
            string documented = DocumentedRows().Single(r => r.Groups[1].Value == descriptor.Id).Groups[3].Value;
            string format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The fixed words around the {0}/{1} placeholders appear in the documented message in the same order.
            int position = 0;
            foreach (string words in Regex.Split(format, @"\{\d\}").Where(w => w.Trim().Length > 0))
            {
                int found = documented.IndexOf(words.Trim(), position, StringComparison.Ordinal);
                Assert.True(found >= 0, $"{descriptor.Id}: '{words.Trim()}' is not in the documented '{documented}'");
                position = found + words.Trim().Length;
            }
        }
    }

    [Fact]
    public void The_package_readme_points_at_the_documentation_and_names_the_package_items()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot, "generators", "BootcPlug.Generators", "README.md"));
        Assert.Contains("docs/schema-generator.md", readme, StringComparison.Ordinal);
        Assert.Contains("<BootcPlugSchema Include=", readme, StringComparison.Ordinal);
        var ids = Defined().Select(d => d.Id).Order().ToList();
        Assert.Contains(ids[0], readme, StringComparison.Ordinal);
        Assert.Contains(ids[^1], readme, StringComparison.Ordinal);
    }
}
