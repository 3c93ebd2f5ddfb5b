using BenchmarkDotNet.Running;
using Quantize.Benchmarks.Clustering;

namespace Quantize.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher (--filter, --job, --list …), plus <c>--objectives</c>, which runs each
    /// clustering case once and prints the objective it reached, so docs can compare quality as well as time,
    /// <c>--campaign N</c>, which runs N corrupted containers and ONNX files through the readers, and
    /// <c>--decompress-profile</c>, which splits decompress of the sample into I/O and decoding, and
    /// <c>--onnx-scale N</c>, which times weight-only compression of a synthetic N-parameter ONNX model and its peak memory, and
    /// <c>--runtime-decode MODEL.nqz ORIGINAL.onnx</c>, which times Quantize.Runtime's restore against reading the original.
    /// </summary>
    public static int Main(string[] args)
    {
        int campaign = Array.IndexOf(args, "--campaign");
        if (campaign >= 0)
        {
            int cases = campaign + 1 < args.Length ? int.Parse(args[campaign + 1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
            return Hostile.CorruptionCampaign.Run(cases, Console.Out);
        }
        int scale = Array.IndexOf(args, "--onnx-scale");
        if (scale >= 0)
            return Scale.OnnxScale.Run(long.Parse(args[scale + 1], System.Globalization.CultureInfo.InvariantCulture), Console.Out);
        int scaleCompress = Array.IndexOf(args, "--onnx-scale-compress");
        if (scaleCompress >= 0)
            return Scale.OnnxScale.Compress(args[scaleCompress + 1], Console.Out);
        int scaleCli = Array.IndexOf(args, "--onnx-scale-cli");
        if (scaleCli >= 0)
            return Scale.OnnxScale.CompressWithCli(args[scaleCli + 1], Console.Out);
        int runtimeDecode = Array.IndexOf(args, "--runtime-decode");
        if (runtimeDecode >= 0)
            return Deploy.NqzModel_ToOnnxBytes.Run(args[runtimeDecode + 1], args[runtimeDecode + 2], Console.Out);
        int runtimeChild = Array.IndexOf(args, "--runtime-decode-child");
        if (runtimeChild >= 0)
            return Deploy.NqzModel_ToOnnxBytes.Measure(args[runtimeChild + 1], args[runtimeChild + 2], Console.Out);
        if (args.Contains("--decompress-profile"))
            return Hostile.DecompressProfile.Run(Hostile.CorruptionCampaign.FindSample(), Console.Out);
        if (args.Contains("--objectives"))
        {
            ClusteringObjectives.Print(Console.Out);
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
