using System.Globalization;
using System.Text;
using System.Text.Json;

namespace UsageAnalytics.Analytics;

/// <summary>
/// The checks a state document passes before it is mapped to a versioned shape: it is one well-formed JSON object,
/// no object repeats a key, and its <c>version</c> is one this library reads.
/// </summary>
/// <remarks>
/// Duplicate keys are refused here, for every version at once, because deserializers keep the last (or, on newer
/// runtimes, the first) of them silently: a repeated group key would drop a group's figures. The version is read
/// first so that a newer document is reported as a newer version, not as a malformed version 1.
/// </remarks>
internal static class StateDocumentCheck
{
    /// <summary>Checks the document and returns its version.</summary>
    /// <exception cref="UsageStateFormatException">The document is not valid JSON, not an object, repeats a key, or has
    /// no integer <c>version</c>.</exception>
    public static int Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var frames = new List<Frame>();
        int? version = null;
        string? badVersion = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        if (frames.Count > 0)
                        {
                            frames[^1].Advance();
                        }

                        frames.Add(new Frame(isObject: true));
                        break;
                    case JsonTokenType.StartArray:
                        if (frames.Count == 0)
                        {
                            throw new UsageStateFormatException("The accumulator state is not a JSON object.");
                        }

                        frames[^1].Advance();
                        frames.Add(new Frame(isObject: false));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!frames[^1].Name(name))
                        {
                            throw new UsageStateFormatException(
                                "The accumulator state repeats the key '" + name + "' in " + PathOf(frames) + "; every key must be unique.");
                        }

                        if (frames.Count == 1 && name == "version" && reader.Read())
                        {
                            version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) ? number : null;
                            badVersion = version is null ? Describe(ref reader) : null;
                            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                            {
                                reader.Skip();
                            }
                        }

                        break;
                    default:
                        if (frames.Count == 0)
                        {
                            throw new UsageStateFormatException("The accumulator state is not a JSON object.");
                        }

                        frames[^1].Advance();
                        break;
                }
            }
        }
        catch (JsonException exception)
        {
            throw new UsageStateFormatException("The accumulator state is not valid JSON: " + exception.Message, exception);
        }

        if (version is { } found)
        {
            return found;
        }

        throw new UsageStateFormatException(badVersion is null
            ? "The accumulator state has no 'version'."
            : "The accumulator state's 'version' must be an integer, not " + badVersion + "; this library reads version "
                + UsageAccumulator.StateVersion.ToString(CultureInfo.InvariantCulture) + ".");
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "the string \"" + reader.GetString() + "\"",
        _ => Encoding.UTF8.GetString(reader.ValueSpan),
    };

    /// <summary>The JSONPath-like location of the innermost object, for messages: <c>$.groups[1].values</c>.</summary>
    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        for (var i = 0; i < frames.Count - 1; i++)
        {
            frames[i].AppendTo(path);
        }

        return path.ToString();
    }

    private sealed class Frame(bool isObject)
    {
        private HashSet<string>? _names;
        private string? _current;
        private int _index = -1;

        /// <summary>Records a key of this object; false when it repeats one.</summary>
        public bool Name(string name)
        {
            _current = name;
            return (_names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }

        /// <summary>Counts an element of this array (objects ignore it: their keys locate their values).</summary>
        public void Advance()
        {
            if (!isObject)
            {
                _index++;
            }
        }

        public void AppendTo(StringBuilder path)
        {
            if (isObject)
            {
                path.Append(IsPlain(_current) ? "." + _current : "['" + _current + "']");
            }
            else
            {
                path.Append('[').Append(_index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }

        private static bool IsPlain(string? name) => name is { Length: > 0 } && name.All(char.IsAsciiLetterOrDigit);
    }
}
