namespace UsageAnalytics.Sample;

/// <summary>A mistake in how the sample was called (bad option, unreadable file): exit code 2.</summary>
internal sealed class SampleUsageException : Exception
{
    public SampleUsageException()
    {
    }

    public SampleUsageException(string message)
        : base(message)
    {
    }

    public SampleUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
