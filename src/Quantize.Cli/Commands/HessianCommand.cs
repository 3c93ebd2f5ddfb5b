using System.CommandLine;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Cli.Reports;
using Quantize.Torch.Hessian;

namespace Quantize.Cli.Commands;

/// <summary><c>quantize hessian</c>: the diagonal of the loss Hessian on calibration data, written as safetensors.</summary>
public sealed class HessianCommand(TextWriter stdout, TextWriter stderr)
{
    readonly Argument<string> model = CommonOptions.Model("ONNX model whose loss Hessian to estimate");
    readonly DataOptionGroup data = new();
    readonly Option<string> estimator = new("--estimator")
    {
        Description = "gauss-newton (default: Gauss–Newton diagonal, Monte-Carlo over labels drawn from the model, about one gradient pass), " +
                      "hutchinson (E[z⊙Hz] with Rademacher probes; negative estimates clamped to 0), exact (one Hessian-vector product per parameter; small networks only)",
        DefaultValueFactory = _ => HessianEstimators.Default,
    };
    readonly Option<int> samples = new Option<int>("--samples") { Description = "Calibration images: the first N of the training split", DefaultValueFactory = _ => ImportanceRequest.DefaultSamples, HelpName = "N" }.InRange(1, int.MaxValue);
    readonly Option<int> batchSize = new Option<int>("--batch-size") { Description = "Images per pass (bounds memory, not the result)", DefaultValueFactory = _ => 250 }.InRange(1, 65_536);
    readonly Option<int> probes = new Option<int>("--probes") { Description = "hutchinson: Rademacher probes per batch", DefaultValueFactory = _ => 20, HelpName = "P" }.InRange(1, 1_000_000);
    readonly Option<string> mode = new("--ggn")
    {
        Description = "gauss-newton: sampled (one label drawn per image) or exact (one backward pass per class, about 10x the cost)",
        DefaultValueFactory = _ => "sampled",
    };
    readonly Option<long> seed = new("--seed") { Description = "Seed for sampled labels and probes", DefaultValueFactory = _ => 1 };
    readonly Option<bool> profile = new("--profile") { Description = "Also time every estimator against one gradient pass over the same samples and print the ratios" };
    readonly DeviceOption device = new();
    readonly Option<string> output = CommonOptions.Output("Where to write the diagonal (safetensors, one tensor per parameter, named like the model's initializers)");
    readonly Option<bool> json = CommonOptions.Json();

    public Command Create()
    {
        estimator.AcceptOnlyFromAmong([.. HessianEstimators.Names]);
        mode.AcceptOnlyFromAmong("sampled", "exact");
        var command = new Command("hessian",
            "Estimate the diagonal of the Hessian of the average training loss, one value per parameter, on calibration data " +
            "(the first N training images; never the test set). The result feeds compress --hessian FILE.\n" +
            "Example: quantize hessian samples/lenet5-fashion.onnx --samples 1000 --estimator gauss-newton -o h.safetensors");
        command.AddRange(model);
        data.AddTo(command);
        command.AddRange(estimator, samples, batchSize, probes, mode, seed, profile);
        device.AddTo(command);
        command.AddRange(output, json);
        command.SetAction(result => Run(new HessianRequest(
            new RunContext(result.GetValue(model)!, data.Read(result), device.Read(result), stderr), result.GetValue(estimator)!, new HessianOptions
        {
            Samples = result.GetValue(samples),
            BatchSize = result.GetValue(batchSize),
            Probes = result.GetValue(probes),
            Mode = result.GetValue(mode) == "exact" ? GaussNewtonMode.Exact : GaussNewtonMode.Sampled,
            Seed = result.GetValue(seed),
        }, result.GetValue(output)!, result.GetValue(profile)), result.GetValue(json)));
        return command;
    }

    public int Run(HessianRequest request, bool asJson)
    {
        HessianFileReport report = HessianPipeline.Run(request);
        if (asJson) JsonOutput.Write(stdout, report);
        else report.WriteText(stdout);
        return (int)ExitCode.Success;
    }
}
