using System.Text.RegularExpressions;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>--version names the version and the commit of the build; containers keep recording the version alone.</summary>
public class VersionTests
{
    [Fact]
    public void Version_NamesTheCommit()
    {
        CliResult result = CliRunner.Run("--version");

        Assert.Equal(0, result.ExitCode);
        // A build from a git checkout (a folder, or a worktree's file) stamps its commit; one from a tarball says "unknown".
        bool checkout = Path.Exists(Path.Combine(RepoPaths.Root, ".git"));
        string commit = checkout ? "[0-9a-f]{12}" : "unknown";
        Assert.Matches(new Regex($@"^quantize \d+\.\d+\.\d+ \(commit {commit}\)$"), result.Stdout.Trim());
        Assert.DoesNotContain("commit", ToolInfo.Producer);
    }
}
