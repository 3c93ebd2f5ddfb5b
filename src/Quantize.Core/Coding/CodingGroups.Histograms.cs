namespace Quantize.Core.Coding;

public static partial class CodingGroups
{
    /// <summary>One tensor's histogram of levels, sparse: the levels it uses (the appended value as level k), increasing, and their counts.</summary>
    sealed record TensorHistogram(int[] Levels, long[] Counts)
    {
        /// <summary>Every tensor's histogram, in one pass over the symbols.</summary>
        public static TensorHistogram[] All(ReadOnlySpan<int> symbols, ReadOnlySpan<long> lengths, int k, ReadOnlySpan<long> appended)
        {
            if (!appended.IsEmpty && appended.Length != lengths.Length)
                throw new ArgumentException($"{appended.Length} appended counts for {lengths.Length} tensors", nameof(appended));
            var histograms = new TensorHistogram[lengths.Length];
            var counts = new long[k + 1];
            long at = 0;
            for (int t = 0; t < lengths.Length; t++)
            {
                if (lengths[t] < 0 || lengths[t] > symbols.Length - at)
                    throw new ArgumentException($"tensor {t}'s {lengths[t]} symbols are not among the {symbols.Length} given", nameof(lengths));
                foreach (int symbol in symbols.Slice((int)at, (int)lengths[t]))
                    counts[(uint)symbol < (uint)k ? symbol : throw new ArgumentException($"symbol {symbol} is not one of {k} levels", nameof(symbols))]++;
                at += lengths[t];
                if (!appended.IsEmpty) counts[k] += appended[t];
                int[] used = [.. Enumerable.Range(0, k + 1).Where(j => counts[j] > 0)];
                histograms[t] = new TensorHistogram(used, [.. used.Select(j => counts[j])]);
                foreach (int j in used) counts[j] = 0;
            }
            if (at != symbols.Length) throw new ArgumentException($"the tensors hold {at} symbols but {symbols.Length} were given", nameof(lengths));
            return histograms;
        }

        /// <summary>The variance of the tensor's shared values (the appended value left out).</summary>
        public double Variance(ReadOnlySpan<float> values)
        {
            double n = 0, sum = 0, squares = 0;
            for (int i = 0; i < Levels.Length && Levels[i] < values.Length; i++)
            {
                double value = values[Levels[i]];
                n += Counts[i];
                sum += Counts[i] * value;
                squares += Counts[i] * value * value;
            }
            return n == 0 ? 0 : Math.Max(0, squares / n - sum / n * (sum / n));
        }

        /// <summary>Adds (sign 1) or removes (sign −1) this histogram to or from a dense one.</summary>
        public void AddTo(long[] dense, int sign = 1)
        {
            for (int i = 0; i < Levels.Length; i++) dense[Levels[i]] += sign * Counts[i];
        }
    }
}
