namespace Quantize.Cli.Sweep;

/// <summary>
/// The reason a failed setting gets in the report: one line, in the words the command line would use.
/// The quantizers throw <see cref="ArgumentException"/> with messages meant for users (e.g. a cluster count
/// too large for the exact solver); anything else is described as the command line would describe it.
/// </summary>
static class FailureText
{
    public static string Of(Exception e, string setting, TextWriter errorWriter)
    {
        if (Environment.GetEnvironmentVariable("QUANTIZE_DEBUG") == "1")
        {
            lock (errorWriter) errorWriter.WriteLine($"{setting} failed: {e}");
        }
        string message = e is ArgumentException argument && argument.GetType() == typeof(ArgumentException)
            ? argument.Message
            : ErrorMessages.Describe(e).Message;
        return message.ReplaceLineEndings(" ");
    }
}
