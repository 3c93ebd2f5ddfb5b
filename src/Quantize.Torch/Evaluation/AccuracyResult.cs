namespace Quantize.Torch.Evaluation;

/// <summary>Correct predictions out of a total; <see cref="Percent"/> is what reports show.</summary>
public sealed record AccuracyResult(long Correct, long Total)
{
    public double Fraction => Total == 0 ? 0 : (double)Correct / Total;

    public double Percent => 100.0 * Fraction;
}
