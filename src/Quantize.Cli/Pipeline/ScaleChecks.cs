using Quantize.Cli.Names;
using Quantize.Core.Scaling;

namespace Quantize.Cli.Pipeline;

/// <summary>Combinations with <c>--scale</c> that are refused before any work.</summary>
public static class ScaleChecks
{
    /// <summary>
    /// Fine-tuning moves shared values through the executor as if they were the weights themselves; with scales a value
    /// stands for c·s, a different weight per channel, which the tuning does not yet model.
    /// </summary>
    public static void Validate(ScaleMode scale, FineTuningRequest fineTuning)
    {
        if (scale != ScaleMode.None && fineTuning.Enabled)
            throw new UserInputException($"fine-tuning does not yet support --scale {ScaleNames.Of(scale)}; use --scale none");
    }
}
