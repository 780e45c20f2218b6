using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BootcPlug.Cli.Hosting;

/// <summary>
/// A small stderr logger. Nothing is set up before a line is written, so a run that logs nothing (status, the common
/// case) pays nothing for logging; this is why it is not Microsoft.Extensions.Logging.Console, whose set-up
/// (configuration, options, a queue thread) cost more than the rest of a status run.
/// </summary>
/// <remarks>
/// JSON lines carry <c>timestamp</c> (UTC, ISO 8601), <c>level</c>, <c>message</c>, then every named value of the
/// message and of the active scopes as a member of its own (the message's first when both name one).
/// </remarks>
internal sealed class CliLogger(LogLevel minimum, bool json, TextWriter? error) : ILogger
{
    private readonly AsyncLocal<Scope?> _scopes = new();
    private readonly Lock _writing = new();

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        var scope = new Scope(state, _scopes.Value, this);
        _scopes.Value = scope;
        return scope;
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        string message = formatter(state, exception);
        string line = json ? JsonLine(logLevel, message, state, exception) : TextLine(logLevel, message, exception);
        lock (_writing) (error ?? Console.Error).WriteLine(line);
    }

    private static string TextLine(LogLevel level, string message, Exception? exception) =>
        $"{ShortName(level)}: {message}" + (exception is null ? "" : $"\n{exception}");

    private string JsonLine(LogLevel level, string message, object? state, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("O"));
            writer.WriteString("level", level.ToString().ToLowerInvariant());
            writer.WriteString("message", message);
            var written = new HashSet<string>(["timestamp", "level", "message", "exception"]);
            WriteFields(writer, state, written);
            for (var scope = _scopes.Value; scope is not null; scope = scope.Parent)
                WriteFields(writer, scope.State, written);
            if (exception is not null) writer.WriteString("exception", exception.ToString());
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The named values of a message or scope; the message template itself is left out.</summary>
    private static void WriteFields(Utf8JsonWriter writer, object? state, HashSet<string> written)
    {
        IEnumerable<KeyValuePair<string, object?>>? fields = state switch
        {
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs,
            IEnumerable<KeyValuePair<string, string>> pairs =>
                pairs.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value)),
            null => null,
            // A scope that is not a set of named values (a plain string, say) is kept as "scope".
            _ => [KeyValuePair.Create("scope", (object?)state.ToString())],
        };
        if (fields is null) return;
        foreach (var (name, value) in fields)
        {
            if (name == "{OriginalFormat}" || !written.Add(name)) continue;
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case double d when !double.IsFinite(d): writer.WriteStringValue(d.ToString()); break;
            case float f when !float.IsFinite(f): writer.WriteStringValue(f.ToString()); break;
            case int or long or short or byte or uint or ulong or ushort or double or float or decimal:
                writer.WriteRawValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string ShortName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class Scope(object state, Scope? parent, CliLogger owner) : IDisposable
    {
        public object State { get; } = state;

        public Scope? Parent { get; } = parent;

        public void Dispose() => owner._scopes.Value = Parent;
    }
}
