using Quantize.Cli.Pipeline;
using Quantize.Torch.Data;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Fine-tunes a unit's shared values once, as compress does (same training split, seed and options), and codes
/// the tuned values with every coding of the sweep: all of a unit's codings share one quantization, so one
/// fine-tuning serves them all. Runs libtorch on the whole machine, so the sweep calls it one unit at a time.
/// </summary>
static class UnitFineTuning
{
    public static UnitOutcome Run(UnitOutcome outcome, SweepRequest request, SweepInputs inputs)
    {
        GroupQuantization quantized = outcome.Quantization ?? throw new ArgumentException("the unit was not quantized", nameof(outcome));
        IModelData train = inputs.Train ?? throw new InvalidOperationException("fine-tuning needs the training split loaded");
        // The sweep shows its own progress; a nested display would fight it for the terminal.
        List<GroupQuantization> tuned = SharedValueTuning.Run(request.FineTuning, train, inputs.Model, inputs.Pruned, [quantized],
            inputs.Device, TextWriter.Null).Groups;
        return outcome with { Quantization = tuned[0], Containers = UnitQuantization.CodeAll(outcome.Unit, tuned[0], request, inputs) };
    }
}
