using Quantize.Fuzz;
using Quantize.Fuzz.Targets;
using SharpFuzz;

// The fuzzing driver (docs/fuzzing.md). fuzz/run.sh builds it, instruments the assemblies under test and runs
//   afl-fuzz ... -- dotnet Quantize.Fuzz.dll TARGET
// Without afl-fuzz the same command reads one input from standard input and runs it once.
const string Usage = """
    usage: Quantize.Fuzz TARGET                    fuzz TARGET under afl-fuzz (one input on stdin without it)
           Quantize.Fuzz --list                    the targets, one name a line
           Quantize.Fuzz --describe                the targets and what each one runs
           Quantize.Fuzz replay TARGET PATH...     run files (or every file in folders) once each; exit 1 on a crash
           Quantize.Fuzz corpus REPO OUT           write the seed corpus made from REPO's golden files to OUT/TARGET/
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
switch (args[0])
{
    case "--list":
        foreach (FuzzTarget target in AllTargets.List) Console.WriteLine(target.Name);
        return 0;
    case "--describe":
        foreach (FuzzTarget target in AllTargets.List) Console.WriteLine($"{target.Name,-12} {target.Description}");
        return 0;
    case "replay" when args.Length >= 3:
        return Replay.Run(Target(args[1]), args[2..], Console.Out);
    case "corpus" when args.Length == 3:
        return Corpus.Write(args[1], args[2], Console.Out);
    default:
        if (args.Length != 1 || AllTargets.Find(args[0]) is not { } fuzzed)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        Scratch? scratch = null;
        Fuzzer.OutOfProcess.Run(stream =>
        {
            scratch ??= new Scratch(fuzzed.Name);
            using var input = new MemoryStream();
            stream.CopyTo(input);
            Execution.Run(fuzzed, input.ToArray(), scratch);
        });
        scratch?.Dispose();
        return 0;
}

static FuzzTarget Target(string name) =>
    AllTargets.Find(name) ?? throw new ArgumentException($"no fuzz target '{name}' (see --list)");
