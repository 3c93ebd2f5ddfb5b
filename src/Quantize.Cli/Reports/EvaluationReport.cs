namespace Quantize.Cli.Reports;

/// <summary>What <c>eval</c> reports: top-1 accuracy on the test split of the data folder named.</summary>
public sealed record EvaluationReport(string Model, double Accuracy, long Correct, long Total, string Data)
{
    public void WriteText(TextWriter writer) =>
        writer.WriteLine($"{Model}: test accuracy {Accuracy:F2}% ({Correct}/{Total}) on {Data}");
}
