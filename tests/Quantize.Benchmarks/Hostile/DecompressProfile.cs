using System.Diagnostics;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Benchmarks.Hostile;

/// <summary>
/// Where <c>decompress</c> spends its time on the sample, step by step, each the median of several runs in
/// one process: reading and verifying the file, decoding the indices, and writing the ONNX model.
/// </summary>
public static class DecompressProfile
{
    public static int Run(string sample, TextWriter output, int repeats = 15)
    {
        ModelProto model = OnnxModelFile.Load(sample);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        float[] all = [.. parameters.SelectMany(p => p.Values)];
        string folder = Path.Combine(Path.GetTempPath(), "quantize-decompress-profile");
        Directory.CreateDirectory(folder);
        foreach (SymbolCoding coding in new[] { SymbolCoding.Huffman, SymbolCoding.Ans })
        {
            string container = Path.Combine(folder, $"sample-{coding}.nqz");
            string restored = Path.Combine(folder, "restored.onnx");
            NqzFile.Write(container, NqzBuilder.Build(model, parameters, new UniformQuantizer(32).Quantize(all, []), coding, new Settings(), "profile"));
            var read = new List<double>();
            var decode = new List<double>();
            var write = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                NqzBody body = NqzFile.Read(container);
                read.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                ModelProto decoded = NqzDecoder.DecodeModel(body, container);
                decode.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                OnnxModelFile.Save(decoded, restored);
                write.Add(clock.Elapsed.TotalMilliseconds);
            }
            output.WriteLine($"decompress of the sample ({coding}, {new FileInfo(container).Length:N0} bytes -> {new FileInfo(restored).Length:N0} bytes), median of {repeats}: " +
                             $"read + SHA-256 + parse {Median(read):F2} ms, decode indices + rebuild model {Median(decode):F2} ms, write ONNX {Median(write):F2} ms");
        }
        return 0;
    }

    static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
