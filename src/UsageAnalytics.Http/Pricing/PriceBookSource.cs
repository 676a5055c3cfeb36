namespace UsageAnalytics.Pricing;

/// <summary>What a <c>UsageAnalytics:Pricing:Source</c> (or <c>Catalog</c>) value names.</summary>
internal enum PriceBookSourceKind
{
    /// <summary>Not set.</summary>
    None,

    /// <summary>Blank, or a URL of a scheme other than http(s).</summary>
    Invalid,

    /// <summary>A file path.</summary>
    File,

    /// <summary>An absolute http(s) URL.</summary>
    Url,

    /// <summary>The LiteLLM proxy's model info.</summary>
    LiteLLM,
}

/// <summary>A classified price-book source, with a description safe for logs and messages.</summary>
/// <param name="Kind">What the value names.</param>
/// <param name="Value">The value as configured (the path, or the URL).</param>
/// <param name="Url">The URL, for <see cref="PriceBookSourceKind.Url"/>.</param>
internal readonly record struct PriceBookSource(PriceBookSourceKind Kind, string? Value, Uri? Url)
{
    /// <summary>
    /// Gets the source as logs and exceptions show it: a file path as is (shortened, escaped), a URL without its user
    /// info, query or fragment (which may carry a token; "?…" marks a removed query), <c>litellm</c>, or <c>(none)</c>.
    /// </summary>
    public string Display => Kind switch
    {
        PriceBookSourceKind.Url => DisplayUrl(Url!),
        PriceBookSourceKind.LiteLLM => PriceBookOptions.LiteLLMSource,
        _ => LogText.Safe(Value),
    };

    /// <summary>Classifies a configured value: <c>litellm</c>, an http(s) URL, another scheme's URL (invalid), or a file path.</summary>
    public static PriceBookSource Classify(string? value)
    {
        if (value is null)
        {
            return new(PriceBookSourceKind.None, null, null);
        }

        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return new(PriceBookSourceKind.Invalid, value, null);
        }

        if (string.Equals(trimmed, PriceBookOptions.LiteLLMSource, StringComparison.OrdinalIgnoreCase))
        {
            return new(PriceBookSourceKind.LiteLLM, trimmed, null);
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new(PriceBookSourceKind.Url, trimmed, uri);
        }

        // "ftp://...", "file://..." and the like: a URL we do not read, not a file literally named so.
        return trimmed.Contains("://", StringComparison.Ordinal)
            ? new(PriceBookSourceKind.Invalid, value, null)
            : new(PriceBookSourceKind.File, trimmed, null);
    }

    /// <summary>A URL as logs show it: scheme, host, port and path only.</summary>
    public static string DisplayUrl(Uri url)
    {
        var shown = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return LogText.Safe(string.IsNullOrEmpty(url.Query) ? shown : shown + "?…");
    }
}
