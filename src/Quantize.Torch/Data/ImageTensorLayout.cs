namespace Quantize.Torch.Data;

/// <summary>
/// How a model's declared input takes images: NCHW (PyTorch), NHWC (TensorFlow/Keras via tf2onnx), N×H×W (one
/// channel, no channel axis) or flat N×(C·H·W) (an MLP whose Flatten ran outside the graph; C·H·W in CHW order).
/// </summary>
public enum ImageTensorLayout
{
    Nchw,
    Nhwc,
    Nhw,
    Flat,
}
