namespace UsageAnalytics.Pricing;

/// <summary>
/// A read-only view of a response stream that fails once more than a limit of bytes has been read, so a hostile or
/// runaway body stops at the limit instead of filling memory. <see cref="Exceeded"/> tells the caller why the read
/// failed even when a parser wrapped the exception.
/// </summary>
internal sealed class SizeLimitedStream(Stream inner, long limit) : Stream
{
    private readonly Stream _inner = inner;
    private readonly long _limit = limit;
    private long _read;

    /// <summary>Gets whether the body went past the limit.</summary>
    public bool Exceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await _inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            Exceeded = true;
            throw new IOException($"The body is larger than its limit of {_limit} bytes.");
        }

        return read;
    }
}
