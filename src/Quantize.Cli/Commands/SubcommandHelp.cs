using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Quantize.Cli.Commands;

/// <summary>
/// System.CommandLine lists a parent's arguments in a subcommand's help ("sweep &lt;model&gt; merge …"), though
/// the subcommand does not take them. This hides them while a subcommand's help is printed.
/// </summary>
public static class SubcommandHelp
{
    public static void Install(RootCommand root)
    {
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is SynchronousCommandLineAction inner) help.Action = new WithoutParentArguments(inner);
    }

    sealed class WithoutParentArguments(SynchronousCommandLineAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => inner.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            List<Argument> shown = parseResult.CommandResult.Command.Parents.OfType<Command>()
                .SelectMany(parent => parent.Arguments).Where(argument => !argument.Hidden).ToList();
            shown.ForEach(argument => argument.Hidden = true);
            try
            {
                return inner.Invoke(parseResult);
            }
            finally
            {
                shown.ForEach(argument => argument.Hidden = false);
            }
        }
    }
}
