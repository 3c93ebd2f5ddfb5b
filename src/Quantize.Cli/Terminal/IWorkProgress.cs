namespace Quantize.Cli.Terminal;

/// <summary>Receives how far a long job has come (0..1) and a short status such as the current loss.</summary>
public interface IWorkProgress
{
    void Report(double fraction, string status);
}
