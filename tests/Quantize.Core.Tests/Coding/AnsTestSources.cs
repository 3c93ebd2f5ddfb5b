namespace Quantize.Core.Tests.Coding;

/// <summary>Seeded sources for the ANS tests.</summary>
internal static class AnsTestSources
{
    /// <summary>
    /// Cluster indices of Laplacian(0, 1) values under 32-cell uniform quantization with step 0.55,
    /// end cells taking the tails: the shape of quantized network weights, about 3.3 bits of entropy.
    /// </summary>
    public static int[] Laplacian32(Random random, int count)
    {
        var symbols = new int[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() - 0.5;
            double value = -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            symbols[i] = Math.Clamp((int)Math.Floor(value / 0.55) + 16, 0, 31);
        }

        return symbols;
    }

    /// <summary>Symbol 1 with probability <paramref name="pOne"/>, else 0.</summary>
    public static int[] Binary(Random random, int count, double pOne) =>
        Enumerable.Range(0, count).Select(_ => random.NextDouble() < pOne ? 1 : 0).ToArray();

    /// <summary>Symbol s with probability about 2^-(s+1), capped at <paramref name="symbolCount"/> − 1.</summary>
    public static int[] Geometric(Random random, int count, int symbolCount)
    {
        var symbols = new int[count];
        for (int i = 0; i < count; i++)
        {
            int s = 0;
            while (s < symbolCount - 1 && random.Next(2) == 0)
            {
                s++;
            }

            symbols[i] = s;
        }

        return symbols;
    }

    public static int[] Uniform(Random random, int count, int symbolCount) =>
        Enumerable.Range(0, count).Select(_ => random.Next(symbolCount)).ToArray();
}
