using System.Diagnostics;

namespace Quantize.Cli.Tests.Robustness;

/// <summary>The built quantize program (the apphost beside the tests), started as a real process in a working folder.</summary>
static class QuantizeProcess
{
    static string Program => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "quantize.exe" : "quantize");

    public static Process Start(string workingDirectory, IEnumerable<string> args, System.Text.StringBuilder? stderr = null)
    {
        var start = new ProcessStartInfo(Program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // Read both pipes as they fill, so a chatty run never blocks on a full pipe before it is killed.
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Program}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null) lock (process) stderr?.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs to the end; fails the test with the exit code unless it is 0.</summary>
    public static void Run(string workingDirectory, IEnumerable<string> args)
    {
        var stderr = new System.Text.StringBuilder();
        using Process process = Start(workingDirectory, args, stderr);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"quantize {string.Join(' ', args)} exited with {process.ExitCode}: {stderr}");
    }

    /// <summary>SIGKILL (on Unix, Process.Kill sends it): no handler runs, no finally block, no cleanup.</summary>
    public static void KillAfter(Process process, TimeSpan delay)
    {
        if (!process.WaitForExit(delay)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }
}
