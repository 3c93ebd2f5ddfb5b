using System.Diagnostics;
using System.Text.Json;

namespace Quantize.Fidelity;

/// <summary>The built CLI, run as a user runs it: <c>dotnet quantize.dll compress … --no-eval --json</c>, then decompress.</summary>
sealed class QuantizeTool(string quantizeDll)
{
    /// <summary>Compresses and restores <paramref name="model"/>; returns the restored file and the report's ratio (eq. 1).</summary>
    public (string Restored, double Ratio, double Seconds) RoundTrip(string model, IReadOnlyList<string> options, string workFolder)
    {
        string stem = Path.GetFileNameWithoutExtension(model);
        string container = Path.Combine(workFolder, stem + ".nqz");
        string restored = Path.Combine(workFolder, stem + ".restored.onnx");
        var watch = Stopwatch.StartNew();
        string json = Run(["compress", model, "-o", container, "--no-eval", "--json", .. options]);
        double seconds = watch.Elapsed.TotalSeconds;
        Run(["decompress", container, "-o", restored]);
        using JsonDocument report = JsonDocument.Parse(json);
        return (restored, report.RootElement.GetProperty("compression_ratio").GetDouble(), seconds);
    }

    string Run(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(quantizeDll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"quantize {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result.Trim()}");
        // A fallback the report only records (the probe could not run) would otherwise pass as a plain row.
        foreach (string line in stderr.Result.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)))
            Console.Error.WriteLine($"{Path.GetFileName(args[1])}: {line.Trim()}");
        return stdout;
    }
}
