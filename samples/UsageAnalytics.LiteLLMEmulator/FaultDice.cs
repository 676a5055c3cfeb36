namespace UsageAnalytics.LiteLLMEmulator;

/// <summary>Deterministic, stateless chance decisions (SplitMix64 over a seed, a salt and a key).</summary>
internal static class FaultDice
{
    public static bool Roll(int seed, ulong salt, ulong key, double fraction)
    {
        if (fraction <= 0)
        {
            return false;
        }

        return fraction >= 1 || Unit(seed, salt, key) < fraction;
    }

    public static bool Roll(int seed, ulong salt, string key, double fraction) => Roll(seed, salt, Hash(key), fraction);

    public static double Unit(int seed, ulong salt, ulong key) =>
        (Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix(salt) ^ Mix(key ^ 0xD1B54A32D192ED03UL)) >> 11) * (1.0 / (1UL << 53));

    public static ulong Hash(string text)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
