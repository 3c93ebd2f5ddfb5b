using System.Diagnostics;
using System.Globalization;
using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Benchmarks.Scale;

/// <summary>
/// <c>--onnx-scale N</c>: writes a synthetic ONNX model of N float32 weights (once, in the temp folder), then
/// compresses it weight-only (uniform, 256 cells, Huffman) through the library in a fresh process, so the
/// peak working set reported is that of compression alone. Prints each stage's time and the memory held after it.
/// </summary>
public static class OnnxScale
{
    public static int Run(long parameters, TextWriter output)
    {
        string path = Path.Combine(Path.GetTempPath(), $"quantize-onnx-scale-{parameters}.onnx");
        if (!File.Exists(path))
        {
            var clock = Stopwatch.StartNew();
            SyntheticOnnxModel.Write(path, parameters);
            output.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes) in {clock.Elapsed.TotalSeconds:F1} s");
        }
        var child = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        child.ArgumentList.Add("--onnx-scale-compress");
        child.ArgumentList.Add(path);
        using Process process = Process.Start(child)!;
        output.Write(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        return process.ExitCode;
    }

    // A method of its own so that the source model is unreachable once it returns (unoptimized code keeps locals alive).
    static (ModelProto Skeleton, IReadOnlyList<ParameterTensor> Parameters) LoadWeights(string path, Action<string> stage)
    {
        ModelProto model = OnnxModelFile.Load(path);
        stage("load + parse");
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        stage("extract float32 values");
        // The skeleton first: then the model's own copy of the weights can go before quantization starts.
        return (ModelParameters.WithoutData(model, parameters.Select(p => p.Name)), parameters);
    }

    public static int Compress(string path, TextWriter output)
    {
        long fileBytes = new FileInfo(path).Length;
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            using var self = Process.GetCurrentProcess();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-28} {clock.Elapsed.TotalSeconds,6:F2} s   managed heap {GC.GetTotalMemory(false) / 1e6,8:F0} MB   working set {self.WorkingSet64 / 1e6,8:F0} MB"));
            clock.Restart();
        }

        (ModelProto skeleton, IReadOnlyList<ParameterTensor> parameters) = LoadWeights(path, Stage);
        GC.Collect();
        Stage("source model released");
        float[] values = new float[parameters.Sum(p => p.ElementCount)];
        long at = 0;
        foreach (ParameterTensor p in parameters) { p.Values.CopyTo(values, at); at += p.ElementCount; }
        Stage("concatenate");
        Quantization quantization = new UniformQuantizer(256).Quantize(values, []);
        Stage("uniform quantization (256)");
        NqzBody body = NqzBuilder.Build(skeleton, parameters, quantization, SymbolCoding.Huffman, new Settings { Method = "uniform" }, "benchmark");
        Stage("Huffman coding");
        byte[] container = NqzFile.ToBytes(body);
        Stage("serialize container");
        string nqz = Path.ChangeExtension(path, ".nqz");
        File.WriteAllBytes(nqz, container);
        Stage("write");

        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{values.LongLength:N0} parameters, {fileBytes:N0}-byte model -> {container.LongLength:N0}-byte container: " +
            $"{total.Elapsed.TotalSeconds:F1} s, peak working set {process.PeakWorkingSet64 / 1e6:F0} MB = {(double)process.PeakWorkingSet64 / fileBytes:F2} x file size"));
        return 0;
    }
}
