using System.CommandLine;
using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Options;

/// <summary>--hessian and its kin: where the importance weights h_ii come from (compress, sweep).</summary>
public sealed class ImportanceOptionGroup
{
    readonly Option<string?> hessian = new("--hessian")
    {
        Description = "Importance weights h_ii: none (default, all ones), a safetensors FILE named like the model's parameters, " +
                      "adam:FILE (square roots of Adam's second moments), or an estimator on calibration data: " +
                      string.Join(", ", HessianSpec.EstimatorNames),
        HelpName = "SOURCE",
    };
    readonly Option<int> samples = new Option<int>("--hessian-samples")
    {
        Description = "Training samples the Hessian estimator uses (the first N of the training split)",
        DefaultValueFactory = _ => ImportanceRequest.DefaultSamples,
        HelpName = "N",
    }.InRange(1, int.MaxValue);
    readonly Option<double> damping = new Option<double>("--hessian-damping")
    {
        Description = "Add this fraction of the mean importance weight to every weight (h + d*mean(h)), so parameters whose " +
                      "estimate is near zero are not collapsed by ecsq's rate term; 0 uses the weights as given",
        DefaultValueFactory = _ => ImportanceRequest.DefaultDamping,
        HelpName = "D",
    }.InRange(0.0, 1e6);

    public void AddTo(Command command) => command.AddRange(hessian, samples, damping);

    public ImportanceRequest Read(ParseResult result) =>
        new(HessianSpec.Parse(result.GetValue(hessian)), result.GetValue(samples), result.GetValue(damping));
}
