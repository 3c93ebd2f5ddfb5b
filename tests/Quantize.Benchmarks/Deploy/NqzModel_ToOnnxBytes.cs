using System.Diagnostics;
using System.Globalization;
using Quantize.Runtime;

namespace Quantize.Benchmarks.Deploy;

/// <summary>
/// <c>--runtime-decode MODEL.nqz ORIGINAL.onnx</c>: what an application pays at start-up to carry the container instead of
/// the model. Each side runs in a fresh process, so its peak working set is its own: the baseline reads the uncompressed
/// ONNX file into memory (what <c>new InferenceSession(bytes)</c> of the original needs); the runtime opens the container
/// and restores the ONNX bytes (<see cref="NqzModel.Open(string)"/>, <see cref="NqzModel.ToOnnxBytes"/>). Each prints its
/// first call (cold: the JIT included, as at an application's start), the median of the warm calls after it, each in wall
/// and CPU time, and its peak working set after the first call; then the ratios runtime / baseline.
/// </summary>
public static class NqzModel_ToOnnxBytes
{
    const int WarmRuns = 5;

    public static int Run(string container, string original, TextWriter output)
    {
        Measurement? baseline = RunChild("baseline", original, output);
        Measurement? runtime = RunChild("runtime", container, output);
        if (baseline == null || runtime == null) return 1;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime / baseline: first call {runtime.FirstMs / baseline.FirstMs:F1}x, warm median {runtime.WarmMs / baseline.WarmMs:F1}x, " +
            $"peak working set {runtime.PeakBytes / (double)baseline.PeakBytes:F2}x (+{(runtime.PeakBytes - baseline.PeakBytes) / 1e6:F0} MB)"));
        return 0;
    }

    /// <summary>One side, in this process: <paramref name="side"/> is <c>baseline</c> (read the ONNX file) or <c>runtime</c> (restore the container).</summary>
    public static int Measure(string side, string path, TextWriter output)
    {
        Func<byte[]> load = side switch
        {
            "baseline" => () => File.ReadAllBytes(path),
            "runtime" => () => NqzModel.Open(path).ToOnnxBytes(),
            _ => throw new ArgumentException($"unknown side '{side}'"),
        };
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        byte[] model = load();
        double first = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        long peak = process.PeakWorkingSet64;
        double firstCpu = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var warm = new double[WarmRuns];
        var warmCpu = new double[WarmRuns];
        for (int r = 0; r < WarmRuns; r++)
        {
            model = [];
            cpu = process.TotalProcessorTime;
            clock.Restart();
            model = load();
            warm[r] = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            warmCpu[r] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        }
        Array.Sort(warm);
        Array.Sort(warmCpu);
        // CPU time (all threads) beside wall time: on a shared machine the wall time says as much about the other processes.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side,-8} {Path.GetFileName(path)} ({new FileInfo(path).Length:N0} bytes) -> {model.Length:N0} ONNX bytes: " +
            $"first call {first:F0} ms (CPU {firstCpu:F0} ms), warm median of {WarmRuns} {warm[WarmRuns / 2]:F0} ms (CPU {warmCpu[WarmRuns / 2]:F0} ms), " +
            $"peak working set {peak / 1e6:F0} MB"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#measured {first} {warm[WarmRuns / 2]} {peak}"));
        return 0;
    }

    sealed record Measurement(double FirstMs, double WarmMs, long PeakBytes);

    static Measurement? RunChild(string side, string path, TextWriter output)
    {
        var child = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // Started as 'dotnet Quantize.Benchmarks.dll' the process path is the host; it needs the assembly again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") child.ArgumentList.Add(typeof(NqzModel_ToOnnxBytes).Assembly.Location);
        child.ArgumentList.Add("--runtime-decode-child");
        child.ArgumentList.Add(side);
        child.ArgumentList.Add(path);
        using Process process = Process.Start(child)!;
        string[] lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        foreach (string line in lines.Where(l => !l.StartsWith("#measured", StringComparison.Ordinal))) output.WriteLine(line);
        string? measured = lines.FirstOrDefault(l => l.StartsWith("#measured", StringComparison.Ordinal));
        if (process.ExitCode != 0 || measured == null) return null;
        double[] values = measured.Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new Measurement(values[0], values[1], (long)values[2]);
    }
}
