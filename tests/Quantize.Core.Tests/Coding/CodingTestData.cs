namespace Quantize.Core.Tests.Coding;

/// <summary>Seeded sources shared by the coding tests.</summary>
internal static class CodingTestData
{
    /// <summary>Random frequencies in 0..maxFrequency; about a quarter are zero.</summary>
    public static long[] RandomFrequencies(Random random, int symbolCount, int maxFrequency = 1000)
    {
        var frequencies = new long[symbolCount];
        for (int i = 0; i < symbolCount; i++)
        {
            frequencies[i] = random.Next(4) == 0 ? 0 : random.Next(1, maxFrequency + 1);
        }

        return frequencies;
    }

    /// <summary>Fibonacci frequencies: the classic source whose Huffman code is as deep as possible.</summary>
    public static long[] Fibonacci(int symbolCount)
    {
        var frequencies = new long[symbolCount];
        for (int i = 0; i < symbolCount; i++)
        {
            frequencies[i] = i < 2 ? 1 : frequencies[i - 1] + frequencies[i - 2];
        }

        return frequencies;
    }

    /// <summary>Symbols drawn with probability proportional to their frequency.</summary>
    public static int[] Sample(Random random, long[] frequencies, int count)
    {
        long total = frequencies.Sum();
        var symbols = new int[count];
        for (int i = 0; i < count; i++)
        {
            long target = random.NextInt64(total);
            int symbol = 0;
            while (target >= frequencies[symbol])
            {
                target -= frequencies[symbol++];
            }

            symbols[i] = symbol;
        }

        return symbols;
    }

    public static long[] Histogram(int[] symbols, int symbolCount)
    {
        var counts = new long[symbolCount];
        foreach (int s in symbols)
        {
            counts[s]++;
        }

        return counts;
    }

    public static long Cost(long[] frequencies, int[] lengths) =>
        frequencies.Zip(lengths, (f, l) => f * l).Sum();

    public static double Kraft(int[] lengths) =>
        lengths.Where(l => l > 0).Sum(l => Math.Pow(2, -l));
}
