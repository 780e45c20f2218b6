using System.CommandLine;
using System.CommandLine.Parsing;

namespace BootcPlug.Cli;

/// <summary>
/// One line per parse error, naming the option and, for an option that takes one of a fixed set of values, the
/// values it accepts (System.CommandLine's own message for that spans several lines).
/// </summary>
public static class ParseErrorText
{
    public static string OneLine(ParseError error)
    {
        var (symbol, tokens) = error.SymbolResult switch
        {
            OptionResult option => ((Symbol?)option.Option, option.Tokens),
            ArgumentResult { Parent: OptionResult option } => (option.Option, option.Tokens),
            ArgumentResult argument => (argument.Argument, argument.Tokens),
            _ => (null, (IReadOnlyList<Token>)[]),
        };
        if (symbol is not null && Choices.Of(symbol) is { Count: > 0 } accepted
            && tokens.Any(t => !accepted.Contains(t.Value, StringComparer.Ordinal)))
            return $"{symbol.Name}: expected {Enumerate(accepted)}";
        if (symbol is Option { ValueType: var type } && NumberKind(type) is { } kind && tokens.Count > 0)
            return $"{symbol.Name}: expected {kind}, not '{tokens[^1].Value}'";
        return Flatten(error.Message);
    }

    private static string? NumberKind(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong)
        ? "a whole number"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number" : null;

    /// <summary>A message folded onto one line: every run of whitespace (newlines, tabs) becomes one space.</summary>
    public static string Flatten(string message) =>
        string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Enumerate(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];
}
