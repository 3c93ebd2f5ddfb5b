using System.CommandLine;
using System.Text.RegularExpressions;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Docs;

/// <summary>
/// docs/cli.md quotes every command's --help verbatim after a <c>&lt;!-- help: NAME --&gt;</c> marker. This
/// test fails when the two drift apart; run it with QUANTIZE_UPDATE_DOCS=1 to rewrite the quoted blocks.
/// </summary>
public partial class CliReferenceTests
{
    static readonly string DocPath = Path.Combine(RepoPaths.Root, "docs", "cli.md");

    [GeneratedRegex(@"<!-- help: (?<name>[a-z ]*?) -->\n```text\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex HelpBlock();

    [Fact]
    public void EveryCommandIsDocumentedWithItsCurrentHelp()
    {
        string doc = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("QUANTIZE_UPDATE_DOCS") == "1")
        {
            doc = HelpBlock().Replace(doc, m => $"<!-- help: {m.Groups["name"].Value} -->\n```text\n{Help(m.Groups["name"].Value)}```");
            File.WriteAllText(DocPath, doc);
        }

        var documented = new HashSet<string>();
        foreach (Match match in HelpBlock().Matches(doc))
        {
            string name = match.Groups["name"].Value;
            documented.Add(name);
            Assert.True(Help(name) == match.Groups["body"].Value,
                $"docs/cli.md quotes an outdated --help for '{(name.Length == 0 ? "quantize" : name)}'; rerun this test with QUANTIZE_UPDATE_DOCS=1");
        }
        RootCommand root = QuantizeApp.CreateRoot(TextWriter.Null, TextWriter.Null);
        Assert.Contains("", documented);
        foreach (Command command in root.Subcommands)
            Assert.True(documented.Contains(command.Name), $"docs/cli.md has no '<!-- help: {command.Name} -->' section");
    }

    [Fact]
    public void EveryOptionHasAnExampleOrMention()
    {
        string doc = File.ReadAllText(DocPath);
        string prose = HelpBlock().Replace(doc.ReplaceLineEndings("\n"), "");
        RootCommand root = QuantizeApp.CreateRoot(TextWriter.Null, TextWriter.Null);
        foreach (Command command in root.Subcommands)
            foreach (Option option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help"))
                Assert.True(option.Aliases.Append(option.Name).Any(name => prose.Contains(name + " ", StringComparison.Ordinal) || prose.Contains(name + "`", StringComparison.Ordinal)),
                    $"docs/cli.md never shows {command.Name} {option.Name} outside the quoted help");
    }

    static string Help(string name)
    {
        string[] args = name.Length == 0 ? ["--help"] : [.. name.Split(' '), "--help"];
        CliResult result = CliRunner.Run(args);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.ReplaceLineEndings("\n");
    }
}
