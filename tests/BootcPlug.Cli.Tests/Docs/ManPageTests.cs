using BootcPlug.Cli.Docs;
using BootcPlug.Testing;

namespace BootcPlug.Cli.Tests.Docs;

/// <summary>
/// `bootcplug man --output DIR`: a page for every command of the tree, naming each of its options, that real roff
/// renderers read without a warning.
/// </summary>
public sealed class ManPageTests : IDisposable
{
    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    private string WritePages()
    {
        string output = temp["man"];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, CommandLineRunner.Run(CliApp.CreateRoot(), ["man", "--output", output], stdout, stderr));
        Assert.Equal("", stderr.ToString());
        return output;
    }

    [Fact]
    public void Every_command_of_the_tree_has_a_page_with_its_options_and_sub_verbs()
    {
        string output = WritePages();
        var tree = CompletionCases.Tree;
        Assert.Equal(tree.Select(n => n.PageName + ".1").Order(StringComparer.Ordinal),
            Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var node in tree)
        {
            string page = File.ReadAllText(Path.Combine(output, node.PageName + ".1"));
            Assert.StartsWith($".TH {Roff.Literal(node.PageName.ToUpperInvariant())} 1 ", page);
            foreach (string section in new[] { "NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS" })
                Assert.Contains($"\n.SH {section}\n", page);
            foreach (var option in node.AllOptions)
                Assert.Contains(Roff.Bold(option.Name), page);
            foreach (var sub in node.Subcommands)
                Assert.Contains($"\\fB{Roff.Literal(node.PageName + "-" + sub.Name)}\\fR(1)", page);
        }
    }

    [SkippableFact]
    public void Groff_reads_every_page_without_a_warning()
    {
        string groff = Oracle.Require("groff");
        foreach (string page in Directory.GetFiles(WritePages()))
        {
            var result = Oracle.Run(groff, "-man", "-ww", "-z", page);
            Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, $"groff {page}: {result.Stderr}");
        }
    }

    [SkippableFact]
    public void Mandoc_lint_finds_nothing_not_even_style_in_any_page()
    {
        string mandoc = Oracle.Require("mandoc");
        foreach (string page in Directory.GetFiles(WritePages()))
        {
            var result = Oracle.Run(mandoc, "-T", "lint", "-W", "style", page);
            Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0,
                $"mandoc {page}: {result.Stdout}{result.Stderr}");
        }
    }

    [SkippableFact]
    public void The_rendered_status_page_shows_the_options_as_they_are_typed()
    {
        string groff = Oracle.Require("groff");
        string page = Path.Combine(WritePages(), "bootcplug-status.1");
        // -Tascii and no overstriking: the text a terminal shows, with every minus an ASCII '-'.
        // Justified lines: compare with the spaces collapsed.
        string text = string.Join(' ', Oracle.MustSucceed(Oracle.Run(groff, "-man", "-Tascii", "-P-cbou", page),
            "groff").Stdout.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bootcplug-status - show the booted, staged, rollback and other deployments", text);
        Assert.Contains("--format json|yaml|humanreadable", text);
        Assert.Contains("--bootloader NAME", text);
        Assert.Contains("SEE ALSO", text);
        Assert.Contains("bootcplug(1)", text);
    }

    [Fact]
    public void The_page_date_comes_from_SOURCE_DATE_EPOCH_when_it_is_set()
    {
        Assert.Equal(new DateOnly(2023, 11, 14), ManPages.Date("1700000000"));
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), ManPages.Date(null));
    }

    [Fact]
    public void Roff_text_escapes_backslashes_option_dashes_and_leading_control_characters()
    {
        Assert.Equal("use \\-\\-root, not a re-cut \\e path", Roff.Text("use --root, not a re-cut \\ path"));
        Assert.Equal(["\\&.hidden starts", "a line"], Roff.Wrap(".hidden starts a line", width: 14));
    }
}
