using Quantize.Data.Idx;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;

namespace Quantize.Torch.Tests;

/// <summary>The shipped Fashion-MNIST files, loaded once per test run.</summary>
static class TestData
{
    static readonly Lazy<ImageDataset> Dataset = new(() => new ImageDataset(RepoPaths.FashionMnist));
    static readonly Lazy<ImageTensors> TestSet = new(() => new ImageTensors(Dataset.Value.Load(DatasetSplit.Test)));
    static readonly Lazy<ImageTensors> TrainSlice = new(() => new ImageTensors(Dataset.Value.Load(DatasetSplit.Train)));

    public static ImageTensors Test => TestSet.Value;

    public static ImageTensors Train => TrainSlice.Value;
}
