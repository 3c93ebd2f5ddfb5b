using static TorchSharp.torch;

namespace Quantize.Torch.Training;

/// <summary>The loss of one mini-batch (a scalar to minimise), given its samples' positions in the data and the device to run on.</summary>
public delegate Tensor BatchLoss(ReadOnlySpan<int> positions, Device device);
