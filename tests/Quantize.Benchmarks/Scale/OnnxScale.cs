using System.Diagnostics;
using System.Globalization;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Benchmarks.Scale;

/// <summary>
/// <c>--onnx-scale N</c>: writes a synthetic ONNX model of N float32 weights (once, in the temp folder), then compresses
/// it weight-only (uniform, 256 cells, Huffman), each time in a fresh process so the peak working set is that of
/// compression alone: first through the library, stage by stage (time and memory held after each), then through the
/// real command, <c>quantize compress MODEL -o OUT --method uniform --bits 8 --coding huffman --no-eval</c>, whose total
/// time and peak working set are the scale targets (docs/results.md).
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
        int library = RunChild("--onnx-scale-compress", path, output);
        return library != 0 ? library : RunChild("--onnx-scale-cli", path, output);
    }

    static int RunChild(string mode, string path, TextWriter output)
    {
        var child = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Started as 'dotnet Quantize.Benchmarks.dll' the process path is the host; it needs the assembly again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") child.ArgumentList.Add(typeof(OnnxScale).Assembly.Location);
        child.ArgumentList.Add(mode);
        child.ArgumentList.Add(path);
        using Process process = Process.Start(child)!;
        output.Write(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The real command, parsed and run as the quantize executable runs it; prints its time and this process's peak working set.</summary>
    public static int CompressWithCli(string path, TextWriter output)
    {
        long fileBytes = new FileInfo(path).Length;
        string nqz = Path.ChangeExtension(path, ".cli.nqz");
        string[] args = ["compress", path, "-o", nqz, "--method", "uniform", "--bits", "8", "--coding", "huffman", "--no-eval"];
        var clock = Stopwatch.StartNew();
        int exit = Quantize.Cli.QuantizeApp.Run(args, TextWriter.Null, Console.Error);
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quantize {string.Join(' ', args)}: exit {exit}, {fileBytes:N0}-byte model -> {new FileInfo(nqz).Length:N0}-byte container: " +
            $"{clock.Elapsed.TotalSeconds:F1} s, peak working set {process.PeakWorkingSet64 / 1e6:F0} MB = {(double)process.PeakWorkingSet64 / fileBytes:F2} x file size"));
        return exit;
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
