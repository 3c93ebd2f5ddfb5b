namespace Quantize.Data.Images;

/// <summary>How pixels reach the model's channels: RGB (torchvision, PIL), BGR (OpenCV, Caffe) or one gray channel.</summary>
public enum ChannelOrder
{
    Rgb,
    Bgr,
    Gray,
}
