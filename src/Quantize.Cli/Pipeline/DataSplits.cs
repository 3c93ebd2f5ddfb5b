using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The data of one run bound to one model, each split found when first asked for and loaded once: the test split for
/// measuring only, the training split for calibration, Hessians and fine-tuning — never mixed. The forms (IDX, npz,
/// image folders) and preprocessing are <see cref="ModelDataResolver"/>'s; a command asks for the splits it will need
/// before its slow work, so a missing folder or data the model cannot take fails fast.
/// </summary>
public sealed class DataSplits(RunContext context, ModelProto model)
{
    readonly Dictionary<DatasetSplit, (string Directory, IModelData Data)> splits = [];

    /// <summary>The test split: measuring only.</summary>
    public IModelData Test => Load(DatasetSplit.Test).Data;

    /// <summary>The training split: calibration, Hessians, fine-tuning, retraining.</summary>
    public IModelData Train => Load(DatasetSplit.Train).Data;

    /// <summary>The folder the split was read from (the one named by --data, or where the default search found Fashion-MNIST).</summary>
    public string Directory(DatasetSplit split) => Load(split).Directory;

    (string Directory, IModelData Data) Load(DatasetSplit split)
    {
        if (splits.TryGetValue(split, out var loaded)) return loaded;
        TorchRuntime.EnsureLoaded();
        string directory = context.Data.Directory ?? ImageDataset.Resolve(null, context.ModelPath, split).Directory;
        IModelData data = ModelDataResolver.Resolve(model, directory, split, context.Data.Preprocessing, context.ModelPath);
        return splits[split] = (directory, data);
    }
}
