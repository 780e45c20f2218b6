using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace BootcPlug.Generators.Emitting
{
    /// <summary>An indented text writer for generated C#; lines end in '\n' whatever the platform.</summary>
    internal sealed class SourceWriter
    {
        private const int SpacesPerLevel = 4;
        private readonly StringBuilder _builder = new StringBuilder();

        public int Indentation { get; set; }

        public SourceWriter Line(string text = "")
        {
            if (text.Length > 0) _builder.Append(' ', Indentation * SpacesPerLevel).Append(text);
            _builder.Append('\n');
            return this;
        }

        public SourceWriter Lines(string text)
        {
            foreach (string line in text.Replace("\r\n", "\n").Split('\n')) Line(line);
            return this;
        }

        public SourceWriter Open(string header)
        {
            Line(header);
            Line("{");
            Indentation++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            Indentation--;
            Line("}" + suffix);
            return this;
        }

        /// <summary>Writes an XML doc summary; every line is escaped.</summary>
        public SourceWriter Summary(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return this;
            Line("/// <summary>");
            foreach (string line in text!.Replace("\r\n", "\n").Split('\n'))
                Line("/// " + EscapeXml(line).TrimEnd());
            Line("/// </summary>");
            return this;
        }

        public SourceText ToSourceText()
        {
            if (Indentation != 0) throw new InvalidOperationException("unbalanced indentation in generated source");
            return SourceText.From(_builder.ToString(), Encoding.UTF8);
        }

        public override string ToString() => _builder.ToString();

        private static string EscapeXml(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
