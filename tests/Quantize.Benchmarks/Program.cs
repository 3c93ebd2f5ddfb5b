using BenchmarkDotNet.Running;
using Quantize.Benchmarks.Clustering;

namespace Quantize.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher (--filter, --job, --list …), plus <c>--objectives</c>, which runs each
    /// clustering case once and prints the objective it reached, so docs can compare quality as well as time.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Contains("--objectives"))
        {
            ClusteringObjectives.Print(Console.Out);
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
