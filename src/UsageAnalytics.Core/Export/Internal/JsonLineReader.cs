using System.Buffers;

namespace UsageAnalytics.Export.Internal;

/// <summary>
/// Splits a UTF-8 stream into lines at <c>\n</c> without decoding it: bytes are read into pooled 64 KB chunks
/// (<see cref="ArrayPool{T}.Shared"/>), a line longer than one chunk spans several, and a line is handed out as a
/// <see cref="ReadOnlySequence{T}"/> over them, valid until the next <see cref="ReadLineAsync"/>. A <c>\r</c> before the
/// <c>\n</c> (or before the end) is dropped, a UTF-8 BOM at the start skipped. A line longer than the limit is reported as
/// soon as that is known, before it is read whole, so memory stays about the limit.
/// </summary>
internal sealed class JsonLineReader : IDisposable
{
    internal const int ChunkBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly List<byte[]> _chunks = [];
    private readonly List<Segment> _segments = [];
    private int _start;
    private int _end;
    private int _scan;
    private bool _bomChecked;
    private bool _ended;
    private bool _consumeLine;
    private int _nextStart;

    public JsonLineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
    }

    /// <summary>Gets the 1-based number of the line last returned (blank lines count).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Returns the next line without its terminator, or <see langword="null"/> at the end of the stream.</summary>
    /// <exception cref="LineTooLongException">The line is longer than the limit; <see cref="LineNumber"/> is its number.</exception>
    public async ValueTask<ReadOnlySequence<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        Consume();
        while (true)
        {
            if (_bomChecked && Scan() is { } lineEnd)
            {
                return Line(lineEnd, terminated: true);
            }

            if (_ended)
            {
                return Pending() == 0 ? null : Line(_end, terminated: false);
            }

            CheckLength();
            MakeRoom();
            var read = await _stream.ReadAsync(_chunks[^1].AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _end += read;
            _ended = read == 0;
            if (!_bomChecked && (_ended || Pending() >= 3))
            {
                _bomChecked = true;
                var first = _chunks[0].AsSpan(_start, _end - _start);
                if (first.StartsWith("\uFEFF"u8))
                {
                    _start += 3;
                    _scan = Math.Max(_scan, _start);
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
    }

    // Searches the bytes not yet scanned (they are all in the last chunk) for '\n'.
    private int? Scan()
    {
        var last = _chunks[^1];
        var index = last.AsSpan(_scan, _end - _scan).IndexOf((byte)'\n');
        if (index < 0)
        {
            _scan = _end;
            return null;
        }

        return _scan + index;
    }

    private long Pending() => _chunks.Count == 1
        ? _end - _start
        : ChunkBytes - (long)_start + ((long)(_chunks.Count - 2) * ChunkBytes) + _end;

    // A line may be followed by '\r' and is known too long once more than limit + 1 bytes lack a '\n'.
    private void CheckLength()
    {
        if (Pending() > (long)_maxLineBytes + 1)
        {
            LineNumber++;
            throw new LineTooLongException();
        }
    }

    private void MakeRoom()
    {
        var last = _chunks[^1];
        if (_end < last.Length)
        {
            return;
        }

        if (_chunks.Count == 1 && _start > 0)
        {
            last.AsSpan(_start, _end - _start).CopyTo(last);
            _end -= _start;
            _scan -= _start;
            _start = 0;
            return;
        }

        _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
        _end = 0;
        _scan = 0;
    }

    private ReadOnlySequence<byte> Line(int lineEnd, bool terminated)
    {
        LineNumber++;
        _consumeLine = true;
        _nextStart = terminated ? lineEnd + 1 : _end;
        var sequence = Sequence(lineEnd);

        if (sequence.Length > 0 && sequence.Slice(sequence.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            sequence = sequence.Slice(0, sequence.Length - 1);
        }

        if (sequence.Length > _maxLineBytes)
        {
            throw new LineTooLongException();
        }

        return sequence;
    }

    private ReadOnlySequence<byte> Sequence(int lineEnd)
    {
        if (_chunks.Count == 1)
        {
            return new ReadOnlySequence<byte>(_chunks[0], _start, lineEnd - _start);
        }

        _segments.Clear();
        Segment? previous = null;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var from = i == 0 ? _start : 0;
            var to = i == _chunks.Count - 1 ? lineEnd : _chunks[i].Length;
            var segment = new Segment(_chunks[i].AsMemory(from, to - from), previous);
            _segments.Add(segment);
            previous = segment;
        }

        return new ReadOnlySequence<byte>(_segments[0], 0, _segments[^1], _segments[^1].Memory.Length);
    }

    // Drops the line handed out last: its chunks but the last go back to the pool.
    private void Consume()
    {
        if (!_consumeLine)
        {
            return;
        }

        _consumeLine = false;
        for (var i = 0; i < _chunks.Count - 1; i++)
        {
            ArrayPool<byte>.Shared.Return(_chunks[i]);
        }

        _chunks.RemoveRange(0, _chunks.Count - 1);
        _segments.Clear();
        _start = _nextStart;
        _scan = _start;
    }

    /// <summary>A line is longer than the limit.</summary>
    internal sealed class LineTooLongException : Exception
    {
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
