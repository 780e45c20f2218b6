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
        // A value that is not a number at all (System.CommandLine names the .NET type); a validator's own message is
        // kept.
        if (symbol is Option { ValueType: var type } && NumberKind(type) is { } kind
            && tokens.FirstOrDefault(t => !IsNumber(t.Value, whole: kind == WholeNumber)) is { } token)
            return $"{symbol.Name}: expected {kind}, not '{token.Value}'";
        return Flatten(error.Message);
    }

    private const string WholeNumber = "a whole number";

    private static string? NumberKind(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong)
        ? WholeNumber
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number" : null;

    private static bool IsNumber(string text, bool whole) => whole
        ? long.TryParse(text, System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out _)
        : double.TryParse(text, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>A message folded onto one line: every run of whitespace (newlines, tabs) becomes one space.</summary>
    public static string Flatten(string message) =>
        string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Enumerate(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];
}
