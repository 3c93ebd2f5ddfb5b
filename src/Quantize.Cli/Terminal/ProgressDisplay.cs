using Spectre.Console;

namespace Quantize.Cli.Terminal;

/// <summary>
/// Shows progress on stderr, never stdout (which may carry --json): a live bar with ETA on a terminal,
/// a plain line every tenth of the way otherwise (CI logs, tests).
/// </summary>
public static class ProgressDisplay
{
    public static void Run(TextWriter stderr, string title, Action<IWorkProgress> work)
    {
        if (ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected)
            RunLive(title, work);
        else
            work(new LineProgress(stderr, title));
    }

    static void RunLive(string title, Action<IWorkProgress> work)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                work(new LiveProgress(task, title));
                task.Value = task.MaxValue;
            });
    }

    sealed class LiveProgress(ProgressTask task, string title) : IWorkProgress
    {
        public void Report(double fraction, string status)
        {
            task.Value = Math.Clamp(fraction, 0, 1);
            task.Description = Markup.Escape(string.IsNullOrEmpty(status) ? title : $"{title} {status}");
        }
    }

    sealed class LineProgress(TextWriter stderr, string title) : IWorkProgress
    {
        readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        int lastTenth = -1;

        public void Report(double fraction, string status)
        {
            int tenth = (int)Math.Floor(Math.Clamp(fraction, 0, 1) * 10);
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            stderr.WriteLine($"{title}: {tenth * 10,3}% {status} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
    }
}
