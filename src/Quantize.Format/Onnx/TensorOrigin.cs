namespace Quantize.Format.Onnx;

/// <summary>Where a model keeps a tensor: as a graph initializer, or as the <c>value</c> of a Constant node.</summary>
public enum TensorOrigin
{
    Initializer,
    ConstantNode,
}
