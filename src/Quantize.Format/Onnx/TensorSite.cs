using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// One tensor stored in a model, with the identity the container knows it by (see docs/onnx.md) and
/// whether the rule of <see cref="LearnedParameterRule"/> counts it as a learned parameter.
/// </summary>
/// <param name="Identity">Unique in the model: the value name in the main graph, a path through nodes and graph attributes in subgraphs.</param>
/// <param name="Graph">The path of the graph that holds it: empty for the main graph, else e.g. <c>If_0/then_branch</c>.</param>
public sealed record TensorSite(string Identity, string Graph, TensorOrigin Origin, TensorProto Tensor, bool Learned);
