namespace GlobalTables.Model.Queries;

/// <summary>
/// Keys in an order: a list of sorted chunks, so that an insert moves at most one chunk and a seek is two binary
/// searches. Pages walk it from a bound in either direction. Not thread-safe: its partition actor owns it.
/// </summary>
public class OrderedChunks<TKey>(IComparer<TKey> order) where TKey : struct
{
    public const int ChunkSizeMax = 512;

    readonly List<List<TKey>> _chunks = [];
    readonly IComparer<TKey> _order = order;

    public int Count { get; private set; }

    /// <summary>Adds a key; returns false when it is already present.</summary>
    public bool Add(TKey key)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add([key]);
            Count = 1;
            return true;
        }
        int c = ChunkFor(key);
        var chunk = _chunks[c];
        int i = chunk.BinarySearch(key, _order);
        if (i >= 0) return false;
        chunk.Insert(~i, key);
        Count++;
        if (chunk.Count > ChunkSizeMax)
        {
            var upper = chunk.GetRange(ChunkSizeMax / 2, chunk.Count - ChunkSizeMax / 2);
            chunk.RemoveRange(ChunkSizeMax / 2, chunk.Count - ChunkSizeMax / 2);
            _chunks.Insert(c + 1, upper);
        }
        return true;
    }

    /// <summary>Removes a key; returns false when it was absent.</summary>
    public bool Remove(TKey key)
    {
        if (_chunks.Count == 0) return false;
        int c = ChunkFor(key);
        var chunk = _chunks[c];
        int i = chunk.BinarySearch(key, _order);
        if (i < 0) return false;
        chunk.RemoveAt(i);
        Count--;
        if (chunk.Count == 0) _chunks.RemoveAt(c);
        return true;
    }

    /// <summary>Loads keys already in order into an empty set, half-filling each chunk as inserts would leave it.</summary>
    public void LoadInOrder(IEnumerable<TKey> keys)
    {
        if (Count > 0) throw new InvalidOperationException("Keys are loaded into an empty set only");
        List<TKey>? chunk = null;
        foreach (var key in keys)
        {
            if (chunk is null || chunk.Count == ChunkSizeMax / 2) _chunks.Add(chunk = new List<TKey>(ChunkSizeMax / 2 + 1));
            chunk.Add(key);
            Count++;
        }
    }

    /// <summary>Lets go of the room the chunks grew into; a chunk grows again on its next insert.</summary>
    public void TrimExcess()
    {
        foreach (var chunk in _chunks) chunk.TrimExcess();
    }

    /// <summary>
    /// Keys from <paramref name="bound"/> onward: upward when <paramref name="forward"/>, downward
    /// otherwise; the bound itself only when <paramref name="inclusive"/>. Without a bound, from the
    /// first (or last) key.
    /// </summary>
    public IEnumerable<TKey> Walk(TKey? bound, bool inclusive, bool forward)
    {
        if (_chunks.Count == 0) yield break;
        int c, i;
        if (bound is not { } b)
        {
            c = forward ? 0 : _chunks.Count - 1;
            i = forward ? 0 : _chunks[c].Count - 1;
        }
        else
        {
            c = ChunkFor(b);
            i = _chunks[c].BinarySearch(b, _order);
            if (i >= 0)
            {
                if (!inclusive) i += forward ? 1 : -1;
            }
            else
            {
                i = ~i; // the first key above the bound
                if (!forward) i--;
            }
        }
        while (c >= 0 && c < _chunks.Count)
        {
            var chunk = _chunks[c];
            if (forward)
            {
                for (; i < chunk.Count; i++) yield return chunk[i];
                c++;
                i = 0;
            }
            else
            {
                for (; i >= 0; i--) yield return chunk[i];
                c--;
                if (c >= 0) i = _chunks[c].Count - 1;
            }
        }
    }

    /// <summary>The chunk whose range holds the key, or would hold it: the last one whose first key is not above it.</summary>
    int ChunkFor(TKey key)
    {
        int lo = 0, hi = _chunks.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_order.Compare(_chunks[mid][0], key) <= 0) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
