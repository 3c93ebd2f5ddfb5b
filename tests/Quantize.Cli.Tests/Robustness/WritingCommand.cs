namespace Quantize.Cli.Tests.Robustness;

/// <summary>A command line run in a working folder and the files it writes there (paths relative to it).</summary>
sealed record WritingCommand(string Name, string[] Args, string[] Outputs);
