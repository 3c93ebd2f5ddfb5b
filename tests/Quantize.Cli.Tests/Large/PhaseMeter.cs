using System.Diagnostics;
using Xunit.Abstractions;

namespace Quantize.Cli.Tests.Large;

/// <summary>
/// Time and peak resident memory of one phase of a test, printed to the test's output. Linux only for memory: the peak
/// (VmHWM) is reset to the current resident size before the phase (/proc/self/clear_refs, "5"), after a full collection
/// so that garbage from earlier phases is not counted; elsewhere memory reads as unknown.
/// </summary>
sealed class PhaseMeter(ITestOutputHelper output)
{
    public T Run<T>(string phase, Func<T> work)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        bool reset = TryResetPeak();
        long? start = Read("VmRSS");
        var watch = Stopwatch.StartNew();
        T result = work();
        watch.Stop();
        long? peak = reset ? Read("VmHWM") : null;
        output.WriteLine($"{phase}: {watch.Elapsed.TotalSeconds:F1} s, peak RSS {Gigabytes(peak)} (resident at start {Gigabytes(start)})");
        Peaks[phase] = peak;
        return result;
    }

    /// <summary>Each phase's peak resident memory in bytes, null where it could not be read.</summary>
    public Dictionary<string, long?> Peaks { get; } = [];

    static string Gigabytes(long? bytes) => bytes is { } b ? $"{b / 1e9:F2} GB" : "unknown";

    static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A line of /proc/self/status such as "VmHWM:   123456 kB".
    static long? Read(string field)
    {
        if (!File.Exists("/proc/self/status")) return null;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line == null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
