using Quantize.Fuzz.Targets;

namespace Quantize.Fuzz;

/// <summary>
/// Runs saved inputs once each, outside afl-fuzz: to see why a crash crashed (the full exception), to check a fix, and
/// as the fuzzers' smoke test where afl++ cannot run. One line per input; exit 1 when any input crashed.
/// </summary>
static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> paths, TextWriter output)
    {
        GiveInstrumentationAMap();
        using var scratch = new Scratch(target.Name);
        int crashes = 0, rejected = 0, accepted = 0;
        foreach (string file in paths.SelectMany(Files))
        {
            try
            {
                Exception? rejection = Execution.Run(target, File.ReadAllBytes(file), scratch);
                if (rejection == null) accepted++;
                else rejected++;
                output.WriteLine(rejection == null ? $"{file}: accepted" : $"{file}: rejected ({rejection.GetType().Name}: {OneLine(rejection.Message)})");
            }
            catch (Exception e)
            {
                crashes++;
                output.WriteLine($"{file}: CRASH {e}");
            }
        }
        output.WriteLine($"{target.Name}: {accepted} accepted, {rejected} rejected, {crashes} crashed");
        return crashes == 0 ? 0 : 1;
    }

    // Instrumented assemblies (fuzz/out/bin) record branches in afl's shared map; outside afl-fuzz and SharpFuzz's Run
    // there is none, so give them a private one (an uninstrumented build never touches it).
    static unsafe void GiveInstrumentationAMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null) SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(1 << 16);
    }

    // afl++ keeps a README.txt beside its crashes; only its inputs count.
    static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => Path.GetFileName(f) != "README.txt").Order(StringComparer.Ordinal)
            : [path];

    static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
