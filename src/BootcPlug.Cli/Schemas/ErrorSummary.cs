using System.Text;

namespace BootcPlug.Cli.Schemas;

/// <summary>
/// Turns a validator's raw error list into what a person needs: list output also reports the failures of every
/// `anyOf`/`oneOf` branch that was not meant (e.g. "should be null" next to the real problem one level deeper),
/// so those are dropped when a deeper error explains them, and the `const` cases of one enum become one line.
/// </summary>
internal static class ErrorSummary
{
    private static readonly HashSet<string> BranchKeywords = ["anyOf", "oneOf", "allOf", "$ref"];

    public static IReadOnlyList<ValidationError> Summarize(
        IEnumerable<(string Pointer, string Keyword, string Message)> raw)
    {
        var errors = raw.Distinct().ToList();
        var locations = errors.Select(e => e.Pointer).Distinct().ToList();
        bool HasDeeper(string pointer) => locations.Any(other =>
            other.Length > pointer.Length && other.StartsWith(pointer + "/", StringComparison.Ordinal));

        var kept = errors
            .Where(e =>
                !BranchKeywords.Contains(e.Keyword) || errors.Count(x => !BranchKeywords.Contains(x.Keyword)) == 0)
            .Where(e => !(e.Keyword == "type" && HasDeeper(e.Pointer)))
            .ToList();

        var result = new List<ValidationError>();
        foreach (var group in kept.GroupBy(e => e.Pointer).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string path = ToJsonPath(group.Key);
            var consts = group.Where(e => e.Keyword == "const").ToList();
            if (consts.Count > 1)
                result.Add(new ValidationError(path, "expected one of "
                    + string.Join(", ", consts.Select(c => ExpectedValue(c.Message)).Order(StringComparer.Ordinal))
                    + " (const)"));
            foreach (var error in group.Where(e => e.Keyword != "const" || consts.Count == 1))
                result.Add(new ValidationError(path, $"{error.Message.Replace("\\u0022", "\"")} ({error.Keyword})"));
        }
        return result;
    }

    /// <summary>`Expected "\u0022x\u0022"` (JsonSchema.Net's const message) → `"x"`.</summary>
    private static string ExpectedValue(string message)
    {
        string text = message.Replace("\\u0022", "\"");
        const string prefix = "Expected \"";
        return text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith('"') ? text[prefix.Length..^1] : text;
    }

    /// <summary>`/status/otherDeployments/0/image` → `$.status.otherDeployments[0].image`.</summary>
    public static string ToJsonPath(string pointer)
    {
        var path = new StringBuilder("$");
        if (pointer.Length == 0 || pointer == "#") return "$";
        foreach (string raw in pointer.TrimStart('#').Split('/').Skip(1))
        {
            string segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit)) path.Append('[').Append(segment).Append(']');
            else if (segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                path.Append('.').Append(segment);
            else path.Append("['").Append(segment.Replace("'", "\\'")).Append("']");
        }
        return path.ToString();
    }
}
