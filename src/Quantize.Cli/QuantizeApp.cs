using System.CommandLine;
using Quantize.Cli.Commands;
using Quantize.Cli.Options;
using Quantize.Torch;

namespace Quantize.Cli;

/// <summary>Assembles the root command and turns every failure into one line on stderr and an exit code.</summary>
public static class QuantizeApp
{
    public static RootCommand CreateRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "quantize: compress trained neural networks by Hessian-weighted and entropy-constrained quantization " +
            "(Choi, El-Khamy & Lee, ICLR 2017). Quantizes all layers at once, entropy-codes the cluster indices, " +
            "and reports compression ratio against accuracy.");
        root.Subcommands.Add(new TrainCommand(stdout, stderr).Create());
        root.Subcommands.Add(new EvalCommand(stdout).Create());
        root.Subcommands.Add(new CompressCommand(stdout, stderr).Create());
        root.Subcommands.Add(new HessianCommand(stdout, stderr).Create());
        root.Subcommands.Add(new DecompressCommand(stdout).Create());
        root.Subcommands.Add(new SweepCommand(stdout, stderr).Create());
        root.Subcommands.Add(new InspectCommand(stdout).Create());
        root.Subcommands.Add(new PruneCommand(stdout, stderr).Create());
        root.Subcommands.Add(new CompareCommand(stdout).Create());
        root.Subcommands.Add(new SensitivityCommand(stdout, stderr).Create());
        SubcommandHelp.Install(root);
        // --version names the commit too: a bug report then says exactly which build it is about.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion(stdout);
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = CreateRoot(stdout, stderr);
        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception e)
        {
            // A validator that tripped over a value the parser could not convert; still one line.
            stderr.WriteLine($"quantize: {ErrorMessages.Describe(e).Message}");
            return (int)ExitCode.UsageError;
        }
        if (parsed.Errors.Count > 0)
        {
            string command = string.Join(' ', CommandPath(parsed.CommandResult.Command));
            stderr.WriteLine($"quantize: {OneLine(parsed.Errors[0].Message)} (see '{command} --help')");
            return (int)ExitCode.UsageError;
        }
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            using IDisposable threads = TorchThreads.Use(DeviceOption.Threads(parsed));
            return parsed.Invoke(configuration);
        }
        catch (Exception e)
        {
            (ExitCode code, string message) = ErrorMessages.Describe(e);
            stderr.WriteLine($"quantize: {message}");
            if (Environment.GetEnvironmentVariable("QUANTIZE_DEBUG") == "1") stderr.WriteLine(e);
            return (int)code;
        }
    }

    // Some parser messages list choices on separate lines; the contract is one line per failure.
    static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    static IEnumerable<string> CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c != null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, c is RootCommand ? "quantize" : c.Name);
        return names;
    }
}

/// <summary>The action of --version: one line, the version and the commit (<see cref="ToolInfo.VersionLine"/>).</summary>
sealed class PrintVersion(TextWriter stdout) : System.CommandLine.Invocation.SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        stdout.WriteLine(ToolInfo.VersionLine);
        return 0;
    }
}
