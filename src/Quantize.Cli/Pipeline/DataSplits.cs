using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The data of one run bound to one model, each split found when first asked for and loaded once: the test split for
/// measuring only, the training split for calibration, Hessians and fine-tuning — never mixed. The forms (IDX, npz,
/// image folders) and preprocessing are <see cref="ModelDataResolver"/>'s; a command asks for the splits it will need
/// before its slow work, so a missing folder or data the model cannot take fails fast. With a validation carve
/// (<see cref="DataRequest.Validation"/>) the training split gives up its validation samples: <see cref="Train"/> is what is left.
/// </summary>
public sealed class DataSplits(RunContext context, ModelProto model)
{
    readonly Dictionary<DatasetSplit, (string Directory, IModelData Data)> splits = [];

    /// <summary>The test split: measuring only.</summary>
    public IModelData Test => Load(DatasetSplit.Test).Data;

    /// <summary>The training split: calibration, Hessians, fine-tuning, retraining (less the validation samples, where carved).</summary>
    public IModelData Train => Carved().Train;

    /// <summary>The validation split carved from the training data (choosing, never training); only with <see cref="DataRequest.Validation"/>.</summary>
    public IModelData Validation => Carved().Validation
        ?? throw new InvalidOperationException("no validation split was asked for");

    (IModelData Train, IModelData? Validation)? carved;

    (IModelData Train, IModelData? Validation) Carved()
    {
        if (carved is { } done) return done;
        IModelData all = Load(DatasetSplit.Train).Data;
        if (context.Data.Validation is not { } carve) return (carved = (all, null)).Value;
        (int[] validation, int[] train) = carve.Split(all.Count);
        return (carved = (new ModelDataSubset(all, train), new ModelDataSubset(all, validation))).Value;
    }

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
