using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace BootcPlug.Generators.Parsing
{
    /// <summary>
    /// Finds the line and column of a JSON pointer in a schema's text, so diagnostics point at the place.
    /// </summary>
    internal static class JsonPointerLocator
    {
        private sealed class Frame
        {
            public bool IsArray;
            public int Index = -1;
            public string Key = "";
        }

        public static (int Line, int Column) Locate(string text, string pointer)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            long offset = FindOffset(bytes, pointer);
            return ToLineColumn(bytes, offset);
        }

        private static long FindOffset(byte[] bytes, string pointer)
        {
            if (pointer.Length == 0) return 0;
            var reader = new Utf8JsonReader(bytes,
                new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var frames = new List<Frame>();
            long pendingNameOffset = 0;
            try
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            frames[frames.Count - 1].Key = reader.GetString() ?? "";
                            pendingNameOffset = reader.TokenStartIndex;
                            if (Current(frames) == pointer) return pendingNameOffset;
                            break;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            frames.RemoveAt(frames.Count - 1);
                            break;
                        default:
                            if (frames.Count > 0 && frames[frames.Count - 1].IsArray)
                            {
                                frames[frames.Count - 1].Index++;
                                if (Current(frames) == pointer) return reader.TokenStartIndex;
                            }
                            if (reader.TokenType == JsonTokenType.StartObject
                                || reader.TokenType == JsonTokenType.StartArray)
                            {
                                frames.Add(new Frame { IsArray = reader.TokenType == JsonTokenType.StartArray });
                            }
                            break;
                    }
                }
            }
            catch (JsonException)
            {
                // The schema was parsed before; an unreadable tail only loses the position.
            }
            return 0;
        }

        private static string Current(List<Frame> frames)
        {
            var builder = new StringBuilder();
            foreach (var frame in frames)
            {
                builder.Append('/');
                builder.Append(frame.IsArray
                    ? frame.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : Escape(frame.Key));
            }
            return builder.ToString();
        }

        public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

        private static (int, int) ToLineColumn(byte[] bytes, long offset)
        {
            int line = 0, column = 0;
            for (long i = 0; i < offset && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n') { line++; column = 0; }
                else column++;
            }
            return (line, column);
        }
    }
}
