namespace UsageAnalytics.Sample;

/// <summary>The price book cannot be loaded (the file is missing, unreadable or not a LiteLLM price file): exit code 1.</summary>
internal sealed class SamplePriceBookException : Exception
{
    public SamplePriceBookException()
    {
    }

    public SamplePriceBookException(string message)
        : base(message)
    {
    }

    public SamplePriceBookException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
