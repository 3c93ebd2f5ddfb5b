using Quantize.Format.Idx;
using Quantize.Torch.Data;
using Quantize.Torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The data of one run, each split found when first asked for and loaded once: the test split for measuring only, the
/// training split for calibration, Hessians and fine-tuning — never mixed. A command finds the splits it will need
/// before its slow work (<see cref="Locate"/>), so a missing folder fails fast.
/// </summary>
public sealed class DataSplits(RunContext context)
{
    readonly Dictionary<DatasetSplit, (ImageDataset Dataset, ImageTensors? Loaded)> splits = [];

    /// <summary>The test split: measuring only.</summary>
    public ImageTensors Test => Load(DatasetSplit.Test);

    /// <summary>The training split: calibration, Hessians, fine-tuning, retraining.</summary>
    public ImageTensors Train => Load(DatasetSplit.Train);

    /// <summary>The folder the split was found in.</summary>
    public string Directory(DatasetSplit split) => Locate(split).Directory;

    /// <summary>Finds the split's files without reading them (fails on a missing folder at once).</summary>
    public ImageDataset Locate(DatasetSplit split)
    {
        if (!splits.TryGetValue(split, out var entry))
            splits[split] = entry = (ImageDataset.Resolve(context.Data.Directory, context.ModelPath, split), null);
        return entry.Dataset;
    }

    ImageTensors Load(DatasetSplit split)
    {
        ImageDataset dataset = Locate(split);
        if (splits[split].Loaded is { } loaded) return loaded;
        TorchRuntime.EnsureLoaded();
        var tensors = new ImageTensors(dataset.Load(split));
        splits[split] = (dataset, tensors);
        return tensors;
    }
}
