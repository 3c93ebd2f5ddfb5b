using System.CommandLine;
using Quantize.Cli.Names;
using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Options;

/// <summary>compress's and sweep's options for fine-tuning the shared values after quantization (off unless --fine-tune-epochs is given).</summary>
public sealed class FineTuningOptionGroup
{
    readonly Option<int> epochs = new Option<int>("--fine-tune-epochs")
    {
        Description = "After quantizing, fine-tune the shared values for N epochs on the training split (never the test set): each " +
                      "cluster's value moves by the aggregated gradient of its members, assignments and pruned positions stay fixed; 0 = off",
        HelpName = "N",
    }.InRange(0, 10_000);
    readonly Option<string> aggregate = new("--aggregate")
    {
        Description = "How members' gradients make a shared value's: avg (default; one learning rate suits every cluster size) or sum (Deep Compression)",
        DefaultValueFactory = _ => "avg",
    };
    readonly Option<double> learningRate = new Option<double>("--lr")
    {
        Description = "Adam learning rate of fine-tuning at the start (decays by cosine to 0)",
        DefaultValueFactory = _ => FineTuningRequest.DefaultLearningRate,
    }.InRange(1e-9, 10);
    readonly Option<int> limit = new Option<int>("--fine-tune-limit")
    {
        Description = "Fine-tune on the first N training images only (0 = all)",
        HelpName = "N",
    }.InRange(0, int.MaxValue);
    readonly Option<bool> distill = new("--distill")
    {
        Description = "Fine-tune toward the original model's outputs (KL on softmax for class scores, squared error otherwise) instead of " +
                      "the labels; data without labels and models without class scores are always distilled (docs/any-output.md)",
    };
    readonly Option<long> seed = new("--fine-tune-seed") { Description = "Seed for the fine-tuning batch order", DefaultValueFactory = _ => FineTuningRequest.DefaultSeed };

    public FineTuningOptionGroup() => aggregate.AcceptOnlyFromAmong([.. AggregateNames.All]);

    public void AddTo(Command command)
    {
        command.AddRange(epochs, aggregate, learningRate, limit, distill, seed);
        command.Validators.Add(r =>
        {
            bool tuning = r.GetValue(epochs) > 0;
            Option[] dependent = [aggregate, learningRate, limit, distill, seed];
            if (!tuning && dependent.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } stray)
                r.AddError($"{stray.Name} applies to fine-tuning: give --fine-tune-epochs N too");
        });
    }

    public FineTuningRequest Read(ParseResult result) => new(result.GetValue(epochs), result.GetValue(learningRate),
        AggregateNames.Parse(result.GetValue(aggregate)!), result.GetValue(limit), result.GetValue(seed), result.GetValue(distill));
}
