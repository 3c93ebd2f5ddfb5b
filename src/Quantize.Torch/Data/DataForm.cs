namespace Quantize.Torch.Data;

/// <summary>The forms of data <c>--data</c> reads, in the order a folder is tried for them (docs/data.md).</summary>
public enum DataForm
{
    /// <summary>MNIST-style IDX files: train-images-idx3-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and their labels.</summary>
    Idx,

    /// <summary>NumPy archives train.npz and test.npz, one array per model input plus optional labels.</summary>
    Npz,

    /// <summary>torchvision's ImageFolder layout: train/&lt;class&gt;/* and test/&lt;class&gt;/* (or val/).</summary>
    ImageFolder,
}
