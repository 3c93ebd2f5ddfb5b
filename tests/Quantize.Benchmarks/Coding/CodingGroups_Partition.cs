using BenchmarkDotNet.Attributes;
using Quantize.Core.Coding;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Benchmarks.Coding;

/// <summary>
/// Finding the coding groups of a 25M-parameter quantization, as compress does for the default fixed-step grid: 120
/// tensors over 2,001 levels of one grid, 20 large ones (1M each) at the plain step and 100 small ones (50k each) at
/// shares from 1 to 1/8, so their indices spread over 1 to 8 times as many levels.
/// </summary>
/// <remarks>
/// Baseline: pricing one table for all, a histogram pass and one Huffman table: what coding the indices costs anyway
/// before a single bit is written. The partition adds its own histogram pass and the greedy search on histograms.
/// Measured on 2 EPYC cores: 12.8 ms against 0.30 s, next to the seconds compress spends quantizing such a model.
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CodingGroups_Partition
{
    private int[] _symbols = null!;
    private long[] _lengths = null!;
    private float[] _values = null!;
    private readonly CodebookPrice _price = new(SymbolCoding.Huffman);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var symbols = new List<int>(25_000_000);
        var lengths = new List<long>();
        for (int t = 0; t < 120; t++)
        {
            bool large = t % 6 == 0;
            int count = large ? 1_000_000 : 50_000;
            double width = large ? 30 : 30 * (1 + t % 8);
            for (int i = 0; i < count; i++)
            {
                double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                symbols.Add(Math.Clamp(1000 + (int)Math.Round(width * gaussian), 0, 2000));
            }
            lengths.Add(count);
        }
        _symbols = [.. symbols];
        _lengths = [.. lengths];
        _values = [.. Enumerable.Range(0, 2001).Select(j => (j - 1000) * 0.07f)];
    }

    [Benchmark(Baseline = true)]
    public double OneTable()
    {
        var counts = new long[_values.Length];
        foreach (int symbol in _symbols) counts[symbol]++;
        long[] used = [.. counts.Where(c => c > 0)];
        return _price.Bits(used, [.. _values.Where((_, j) => counts[j] > 0)]);
    }

    [Benchmark]
    public int Partition() => CodingGroups.Partition(_symbols, _lengths, _values, _price).Count;
}
