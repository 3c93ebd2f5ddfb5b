using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Format.Container;

/// <summary>Tensors quantized together (one codebook), the quantization of their concatenated values, and the index code.</summary>
public sealed record CodedGroup(IReadOnlyList<ParameterTensor> Tensors, Quantization Quantization, SymbolCoding Coding);
